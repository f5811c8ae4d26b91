import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/index.ts';
import { StoreError } from '../src/index.ts';
import { entryHash } from '../src/audit.ts';
import { count, openTestStore, seedRegistry } from './helpers.ts';

let store: Store;
let done: () => Promise<void>;
let recordId: string;
before(async () => {
  ({ store, done } = await openTestStore());
  await seedRegistry(store);
  recordId = (await store.records.enrol({ registryId: 'wanted', fields: {}, samples: [] })).record.id;
});
after(() => done());

// What an attacker with table-owner rights can do: switch the append-only trigger off and back on.
async function asAttacker(sql: string, params: unknown[] = []) {
  await store.db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await tx.query(sql, params);
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  });
}

/** A fresh chain of n entries for each tamper scenario (the reset itself bypasses the trigger). */
async function freshChain(n: number) {
  await asAttacker('DELETE FROM audit_log');
  await store.db.query("UPDATE audit_head SET last_seq = 0, last_hash = repeat('0', 64)");
  for (let i = 0; i < n; i++) {
    await store.audit.append({ actor: `user${i % 3}`, action: 'test', subjects: { recordId, i }, details: { note: `entry ${i + 1}`, n: i * 1.5 } });
  }
}

beforeEach(() => freshChain(20));

test('an untouched chain verifies', async () => {
  const v = await store.verifyAudit();
  assert.equal(v.ok, true, v.problem ?? '');
  assert.equal(v.entries, 20);
  const list = await store.audit.list({ limit: 100 });
  assert.deepEqual(list.map((e) => e.seq), Array.from({ length: 20 }, (_, i) => i + 1));
  for (let i = 1; i < list.length; i++) assert.equal(list[i].prevHash, list[i - 1].hash);
  assert.equal(entryHash(list[5]), list[5].hash);
  const page = await store.audit.list({ newestFirst: true, beforeSeq: 10, limit: 3 });
  assert.deepEqual(page.map((e) => e.seq), [9, 8, 7]);
  assert.deepEqual((await store.audit.list({ actor: 'user1', limit: 100 })).map((e) => e.seq), [2, 5, 8, 11, 14, 17, 20]);
  assert.equal((await store.audit.list({ since: new Date(Date.now() + 60_000) })).length, 0);
});

test('the trigger rejects UPDATE and DELETE', async () => {
  await assert.rejects(store.db.query("UPDATE audit_log SET actor = 'x' WHERE seq = 3"), /append-only/);
  await assert.rejects(store.db.query('DELETE FROM audit_log WHERE seq = 3'), /append-only/);
  await assert.rejects(store.db.query('TRUNCATE audit_log'), /append-only/);
  assert.equal((await store.verifyAudit()).ok, true);
});

test('an edited entry is named', async () => {
  await asAttacker("UPDATE audit_log SET details = jsonb_set(details, '{note}', '\"nothing to see\"') WHERE seq = 17");
  const v = await store.verifyAudit();
  assert.equal(v.ok, false);
  assert.equal(v.firstBadSeq, 17);
  assert.equal(v.problem, 'entry 17 was edited');
});

test('an edit with a recomputed hash is still caught by the next link', async () => {
  const e = (await store.audit.list({ afterSeq: 8, limit: 1 }))[0];
  const forged = { ...e, actor: 'someone else' };
  await asAttacker('UPDATE audit_log SET actor = $2, hash = $3 WHERE seq = $1', [9, forged.actor, entryHash(forged)]);
  const v = await store.verifyAudit();
  assert.equal(v.ok, false);
  assert.equal(v.firstBadSeq, 9);
  assert.match(v.problem!, /^entry 9 was edited/);
});

test('a deleted entry is named', async () => {
  await asAttacker('DELETE FROM audit_log WHERE seq = 18');
  const v = await store.verifyAudit();
  assert.equal(v.ok, false);
  assert.equal(v.problem, 'entry 18 missing');
  assert.equal(v.entries, 19);
});

test('deleting the newest entries is noticed through the chain head', async () => {
  await asAttacker('DELETE FROM audit_log WHERE seq >= 19');
  const v = await store.verifyAudit();
  assert.equal(v.ok, false);
  assert.equal(v.problem, 'entries 19..20 missing');
});

test('an entry slipped in past the chain head is named', async () => {
  const last = (await store.audit.list({ newestFirst: true, limit: 1 }))[0];
  const forged = { seq: 21, at: new Date(), actor: 'mallory', action: 'test', subjects: {}, details: {}, prevHash: last.hash };
  await store.db.query('INSERT INTO audit_log (seq, at, actor, action, subjects, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [21, forged.at, forged.actor, forged.action, '{}', '{}', forged.prevHash, entryHash(forged)]);
  const v = await store.verifyAudit();
  assert.equal(v.ok, false);
  assert.equal(v.problem, 'entries after 20 were added outside the audit writer');
});

test('reordered entries are named', async () => {
  // Swap entries 5 and 6 (through a spare seq, since seq is the primary key).
  await asAttacker('UPDATE audit_log SET seq = -1 WHERE seq = 5');
  await asAttacker('UPDATE audit_log SET seq = 5 WHERE seq = 6');
  await asAttacker('UPDATE audit_log SET seq = 6 WHERE seq = -1');
  const v = await store.verifyAudit();
  assert.equal(v.ok, false);
  assert.equal(v.firstBadSeq, 5);
  assert.equal(v.problem, 'entry 5 holds entry 6 (entries reordered or renumbered)');
  assert.ok(v.problems?.includes('entry 6 holds entry 5 (entries reordered or renumbered)'));
});

test('concurrent appends get consecutive seqs and a valid chain', async () => {
  const entries = await Promise.all(Array.from({ length: 25 }, (_, i) => store.audit.append({ actor: 'p', action: 'parallel', details: { i } })));
  assert.deepEqual(entries.map((e) => e.seq).sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => 21 + i));
  assert.equal((await store.verifyAudit()).ok, true);
});

test('if the audit write fails, the search is not stored', async () => {
  const searches = await count(store, 'searches');
  const candidates = await count(store, 'search_candidates');
  await store.db.exec(`
    CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$;
    CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit();`);
  try {
    await assert.rejects(store.searches.create({
      userId: null, actor: 'ann', purpose: 'identity-check', caseRef: 'C-1', registryIds: ['wanted'], modalities: ['face'],
      probe: new Uint8Array([1, 2, 3]), candidates: [{ rank: 1, registryId: 'wanted', recordId, score: 0.8, fmr: 1e-6, contributions: {} }],
    }), (e: unknown) => e instanceof StoreError && e.code === 'AUDIT_FAILED');
    // The same through a caller's own transaction: its earlier writes roll back too.
    await assert.rejects(store.transaction(async (tx) => {
      await tx.purposes.upsert({ id: 'tmp', label: 'written before the audit entry' });
      await tx.audit.append({ actor: 'ann', action: 'x' });
    }));
    assert.equal(await count(store, 'searches'), searches);
    assert.equal(await count(store, 'search_candidates'), candidates);
    assert.ok(!(await store.purposes.list()).some((p) => p.id === 'tmp'));
  } finally {
    await store.db.exec('DROP TRIGGER fail_audit ON audit_log; DROP FUNCTION fail_audit();');
  }
  assert.equal((await store.verifyAudit()).ok, true);
});

test('a search writes its audit entry with the search, never the probe', async () => {
  const probe = new TextEncoder().encode('PROBE-IMAGE-BYTES');
  const s = await store.searches.create({
    userId: null, actor: 'ann', purpose: 'identity-check', caseRef: 'C-2', registryIds: ['wanted'], modalities: ['face'], probe,
    candidates: [{ rank: 1, registryId: 'wanted', recordId, score: 0.8, fmr: 1e-6, contributions: { face: { score: 0.8, fmr: 1e-6 } } }],
  });
  const entry = (await store.audit.list({ afterSeq: s.auditSeq! - 1, limit: 1 }))[0];
  assert.equal(entry.action, 'search');
  assert.equal(entry.subjects.searchId, s.id);
  assert.equal(entry.details.caseRef, 'C-2');
  assert.ok(!JSON.stringify(entry).includes('PROBE'), 'no capture in the audit log');
  assert.deepEqual(await store.searches.getProbe(s.id), probe);
});
