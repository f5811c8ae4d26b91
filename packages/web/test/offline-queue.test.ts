// The offline queue: sealed with AES-GCM, replayed in order, expired after 24 hours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryQueueStore, OfflineQueue, QUEUE_TTL_MS, type SubmitOutcome } from '../src/offline/queue.ts';
import { SessionSealer } from '../src/offline/sealer.ts';

test('entries are stored encrypted: no plaintext, and another session key cannot open them', async () => {
  const store = new MemoryQueueStore();
  const sealer = await SessionSealer.create();
  const q = new OfflineQueue<{ caseRef: string }>(store, sealer);
  await q.enqueue({ caseRef: 'CASE-SECRET-42' });
  const [entry] = await store.all();
  const bytes = new TextDecoder('latin1').decode(entry.sealed.data);
  assert.equal(bytes.includes('CASE-SECRET-42'), false);
  assert.deepEqual(await sealer.open(entry.sealed), { caseRef: 'CASE-SECRET-42' });
  await assert.rejects((await SessionSealer.create()).open(entry.sealed));
  const tampered = new Uint8Array(entry.sealed.data.slice(0));
  tampered[0] ^= 1;
  await assert.rejects(sealer.open({ iv: entry.sealed.iv, data: tampered.buffer }));
});

test('replay submits oldest first, stops while offline, and removes what was sent', async () => {
  let t = 1000;
  const q = new OfflineQueue<number>(new MemoryQueueStore(), await SessionSealer.create(), () => t);
  for (const n of [1, 2, 3]) { await q.enqueue(n); t += 10; }
  const sent: number[] = [];
  const flaky = async (n: number): Promise<SubmitOutcome<string>> => {
    if (n === 2 && sent.length === 1) return { kind: 'offline' };
    sent.push(n);
    return { kind: 'done', result: `r${n}` };
  };
  const first = await q.replay(flaky);
  assert.deepEqual(first.done.map((d) => d.result), ['r1']);
  assert.equal(first.remaining, 2);
  assert.equal((await q.pending()).length, 2);
  sent.push(0);
  const second = await q.replay(flaky);
  assert.deepEqual(second.done.map((d) => d.payload), [2, 3]);
  assert.equal((await q.pending()).length, 0);
});

test('a refused entry is dropped and reported, not retried', async () => {
  const q = new OfflineQueue<string>(new MemoryQueueStore(), await SessionSealer.create());
  await q.enqueue('bad');
  const r = await q.replay(async () => ({ kind: 'failed', message: 'VALIDATION_FAILED' }) as SubmitOutcome<never>);
  assert.deepEqual(r.failed.map((f) => f.message), ['VALIDATION_FAILED']);
  assert.equal((await q.pending()).length, 0);
});

test('entries expire after 24 hours and entries of an earlier session are discarded', async () => {
  let t = 0;
  const store = new MemoryQueueStore();
  const old = new OfflineQueue<string>(store, await SessionSealer.create(), () => t);
  await old.enqueue('from an earlier session');
  const q = new OfflineQueue<string>(store, await SessionSealer.create(), () => t);
  t = 5;
  await q.enqueue('stale');
  t = QUEUE_TTL_MS - 1;
  let r = await q.replay(async () => ({ kind: 'offline' }));
  assert.equal(r.unreadable, 1);
  assert.equal(r.expired, 0);
  t = QUEUE_TTL_MS + 5;
  r = await q.replay(async () => { throw new Error('must not submit expired entries'); });
  assert.equal(r.expired, 1);
  assert.equal((await store.all()).length, 0);
});
