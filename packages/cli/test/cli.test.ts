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

test('--help prints a command\'s arguments and never runs it (bench finger would take minutes)', () => {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [bin, 'bench', 'finger', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^usage: candor bench finger \[--datasets DIR/);
  assert.match(r.stdout, /--exhaustive none\|misses\|all/);
  assert.ok(Date.now() - t0 < 30_000);
  const e = spawnSync(process.execPath, [bin, 'eval', 'finger', '-h'], { encoding: 'utf8' });
  assert.equal(e.status, 0);
  assert.match(e.stdout, /--dataset DIR/);
});
