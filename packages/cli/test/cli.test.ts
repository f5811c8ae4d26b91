import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/candor.mjs', import.meta.url));

test('candor version prints the version', () => {
  const r = spawnSync(process.execPath, [bin, 'version'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^candor \d+\.\d+\.\d+/);
});

test('candor with an unknown command exits 2 and lists commands', () => {
  const r = spawnSync(process.execPath, [bin, 'no-such-command'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: candor/);
});
