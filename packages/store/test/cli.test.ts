import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/index.ts';
import auditVerify from '../src/cli/audit-verify.ts';
import retentionRun from '../src/cli/retention-run.ts';
import keysRotate from '../src/cli/keys-rotate.ts';
import { testPlace, type TestPlace } from './helpers.ts';

// The commands read the environment like `candor` does: point it at a scratch place.
let place: TestPlace;
const saved = { ...process.env };
before(async () => {
  place = await testPlace();
  process.env.CANDOR_DATA_DIR = place.options.dataDir;
  process.env.DATABASE_URL = place.options.databaseUrl ?? '';
  delete process.env.CANDOR_KEY;
  delete process.env.CANDOR_KEY_FILE;
});
after(async () => {
  process.env = saved;
  await place.cleanup();
});

async function run(cmd: (argv: string[], out: (text: string) => void) => Promise<number>, argv: string[] = []): Promise<{ code: number; out: Record<string, unknown> }> {
  let text = '';
  const code = await cmd(argv, (chunk) => { text += chunk; });
  return { code, out: JSON.parse(text) };
}

test('audit verify exits 0 on an intact chain and 1 naming the edited entry', async () => {
  const s = await openStore();
  for (let i = 0; i < 5; i++) await s.audit.append({ actor: 'cli-test', action: 'test', details: { i } });
  await s.close();
  const ok = await run(auditVerify);
  assert.equal(ok.code, 0);
  assert.equal(ok.out.entries, 5);
  const head = ok.out.headHash as string;
  assert.equal((await run(auditVerify, ['--expect-head', head])).code, 0);
  assert.equal((await run(auditVerify, ['--expect-head', 'f'.repeat(64)])).code, 1, 'unknown head');

  const t = await openStore();
  await t.db.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
    UPDATE audit_log SET actor = 'mallory' WHERE seq = 3;
    ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
  await t.close();
  const bad = await run(auditVerify);
  assert.equal(bad.code, 1);
  assert.equal(bad.out.problem, 'entry 3 was edited');
  assert.equal(bad.out.firstBadSeq, 3);
});

test('retention run and keys rotate print what they did', async () => {
  const r = await run(retentionRun, ['--days', '7']);
  assert.equal(r.code, 0);
  assert.equal(r.out.days, 7);
  assert.equal(r.out.deletedProbes, 0);
  await assert.rejects(run(retentionRun, ['--days', '-1']), /positive/);
  const k = await run(keysRotate, ['--batch', '10']);
  assert.equal(k.code, 0);
  assert.equal(typeof k.out.newKeyId, 'string');
  assert.equal((k.out.retiredKeyIds as string[]).length, 1);
});
