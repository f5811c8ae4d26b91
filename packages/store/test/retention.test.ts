import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/index.ts';
import { startRetentionScheduler } from '../src/index.ts';
import { openTestStore, seedRegistry } from './helpers.ts';

let store: Store;
let done: () => Promise<void>;
let recordId: string;
before(async () => {
  ({ store, done } = await openTestStore());
  await seedRegistry(store);
  await seedRegistry(store, 'practice', true);
  recordId = (await store.records.enrol({ registryId: 'wanted', fields: {}, samples: [] })).record.id;
});
after(() => done());

const DAY = 86_400_000;
const now = new Date('2030-06-01T12:00:00Z');

async function searchAged(days: number, opts: { training?: boolean; retainUntil?: Date; caseRef?: string } = {}) {
  const s = await store.searches.create({
    userId: null, actor: 'ann', purpose: 'identity-check', caseRef: opts.caseRef ?? `case-${days}`,
    registryIds: [opts.training ? 'practice' : 'wanted'], modalities: ['face'], training: opts.training,
    probe: new TextEncoder().encode(`capture aged ${days}`), retainUntil: opts.retainUntil ?? null,
    candidates: [{ rank: 1, registryId: 'wanted', recordId, score: 0.7, fmr: 1e-5, contributions: {} }],
  });
  await store.db.query('UPDATE searches SET created_at = $2 WHERE id = $1', [s.id, new Date(now.getTime() - days * DAY)]);
  return s.id;
}

test('retention deletes old unconfirmed captures and keeps confirmed, recent and held ones', async () => {
  const oldUnreviewed = await searchAged(45);
  const oldRejected = await searchAged(40);
  await store.reviews.add({ searchId: oldRejected, rank: 1, reviewerId: null, reviewer: 'sup', decision: 'rejected', reason: 'different person' });
  const oldConfirmed = await searchAged(50);
  await store.reviews.add({ searchId: oldConfirmed, rank: 1, reviewerId: null, reviewer: 'sup', decision: 'confirmed', reason: 'passport checked' });
  const recent = await searchAged(10);
  const held = await searchAged(60, { retainUntil: new Date(now.getTime() + 30 * DAY) });
  const oldTraining = await searchAged(45, { training: true });
  const user = await store.users.create({ username: 'eve', password: 'pw pw pw pw', roles: ['operator'] });
  await store.sessions.create(user.id, 60_000); // expired at `now` (2030)

  const result = await store.runRetention(now, { days: 30 });
  assert.deepEqual(result.searchIds, [oldUnreviewed, oldRejected, oldTraining].sort());
  assert.equal(result.deletedProbes, 3);
  assert.equal(result.expiredSessions, 1);
  for (const id of [oldUnreviewed, oldRejected, oldTraining]) {
    assert.equal(await store.searches.getProbe(id), null);
    const s = await store.searches.get(id);
    assert.equal(s?.hasProbe, false);
    assert.deepEqual(s?.probeDeletedAt, now);
    assert.equal(s?.candidates.length, 1, 'the search record itself stays');
  }
  for (const id of [oldConfirmed, recent, held]) assert.ok(await store.searches.getProbe(id), 'kept');

  const entry = (await store.audit.list({ action: 'retention.delete_probes' }))[0];
  assert.equal(entry.seq, result.auditSeq);
  assert.deepEqual(entry.subjects.searchIds, result.searchIds);
  assert.equal(entry.details.days, 30);
  assert.ok(!JSON.stringify(entry).includes('capture aged'), 'no capture bytes in the audit entry');

  const again = await store.runRetention(now, { days: 30 });
  assert.equal(again.deletedProbes, 0);
  assert.equal(again.auditSeq, null, 'nothing deleted, nothing logged');
  // A shorter period reaches the recent search too.
  assert.deepEqual((await store.runRetention(now, { days: 5 })).searchIds, [recent]);
  assert.equal((await store.verifyAudit()).ok, true);
});

test('training searches go to the training log, never the audit log', async () => {
  const before = (await store.audit.list({ limit: 10_000 })).length;
  const id = await searchAged(1, { training: true, caseRef: 'drill-7' });
  await store.reviews.add({ searchId: id, rank: 1, reviewerId: null, reviewer: 'trainee', decision: 'rejected', reason: 'practice' });
  assert.equal((await store.audit.list({ limit: 10_000 })).length, before);
  const log = await store.trainingLog.list({ actor: 'ann' });
  assert.ok(log.some((e) => e.searchId === id && e.details.caseRef === 'drill-7'));
  assert.ok((await store.trainingLog.list({ actor: 'trainee' })).some((e) => e.action === 'search.review'));
  assert.equal((await store.searches.get(id))?.auditSeq, null);
});

test('the scheduler runs retention at start and can be stopped', async () => {
  const runs: number[] = [];
  const sched = startRetentionScheduler(store, { days: 30, intervalMs: 60_000, onRun: (r) => runs.push(r.deletedProbes) });
  await new Promise((r) => setTimeout(r, 300));
  sched.stop();
  assert.equal(runs.length, 1);
});
