import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockFolder } from '../src/folder-lock.ts';

test('one process per embedded data folder; a dead holder is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-lock-'));
  try {
    const release = lockFolder(dir);
    assert.throws(() => lockFolder(dir), /already open in this process/);
    release();
    assert.equal(existsSync(join(dir, 'candor.pid')), false);

    // A live other process (our parent shell stands in) holds it: refused.
    writeFileSync(join(dir, 'candor.pid'), String(process.ppid));
    assert.throws(() => lockFolder(dir), /in use by process/);

    // A pid file left by a process that has exited: taken over.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dir, 'candor.pid'), String(dead));
    const again = lockFolder(dir);
    again();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
