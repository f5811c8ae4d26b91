import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/index.ts';
import { StoreError } from '../src/index.ts';
import { contains, count, openTestStore, pattern, seedRegistry } from './helpers.ts';

let store: Store;
let done: () => Promise<void>;
before(async () => {
  ({ store, done } = await openTestStore());
  await seedRegistry(store, 'wanted');
  await seedRegistry(store, 'missing');
});
after(() => done());

const face = (seed: number) => ({ modality: 'face' as const, image: pattern(400, seed), quality: 80, templates: [{ modelId: 'face-v1', data: pattern(64, seed + 1) }] });
const finger = (seed: number, position: number | null) => ({ modality: 'finger' as const, position, image: pattern(300, seed), dpi: 500, templates: [{ modelId: 'mnt-v1', data: pattern(48, seed + 2) }] });

test('enrolment stores record, samples and templates; templates come back decrypted in batches', async () => {
  const res = await store.records.enrol({ registryId: 'wanted', requestId: 'req-1', fields: { name: 'A' }, samples: [face(1), finger(2, 3)], actor: 'ann' });
  assert.equal(res.created, true);
  assert.equal(res.sampleIds.length, 2);
  const detail = await store.records.get(res.record.id);
  assert.deepEqual(detail?.fields, { name: 'A' });
  assert.deepEqual(detail?.samples.map((s) => `${s.modality}:${s.position}`).sort(), ['face:null', 'finger:3']);
  await store.records.enrol({ registryId: 'missing', fields: { name: 'B' }, samples: [face(10)] });
  const batches: number[] = [];
  const seen = new Map<string, Uint8Array>();
  for await (const batch of store.records.iterateTemplates({}, 1)) {
    batches.push(batch.length);
    for (const t of batch) seen.set(`${t.registryId}/${t.modelId}`, t.data);
  }
  assert.deepEqual(batches, [1, 1, 1]);
  assert.deepEqual(seen.get('wanted/face-v1'), pattern(64, 2));
  assert.deepEqual(seen.get('wanted/mnt-v1'), pattern(48, 4));
  const onlyMissingFaces: string[] = [];
  for await (const batch of store.records.iterateTemplates({ registryIds: ['missing'], modality: 'face' })) onlyMissingFaces.push(...batch.map((t) => t.registryId));
  assert.deepEqual(onlyMissingFaces, ['missing']);
});

test('the same request id returns the first record and stores nothing new', async () => {
  const first = await store.records.enrol({ registryId: 'wanted', requestId: 'req-idem', fields: { n: 1 }, samples: [face(20)] });
  const records = await count(store, 'records');
  const samples = await count(store, 'samples');
  const again = await store.records.enrol({ registryId: 'wanted', requestId: 'req-idem', fields: { n: 2 }, samples: [face(21), face(22)] });
  assert.equal(again.created, false);
  assert.equal(again.record.id, first.record.id);
  assert.deepEqual(again.sampleIds, first.sampleIds);
  assert.equal(await count(store, 'records'), records);
  assert.equal(await count(store, 'samples'), samples);
  // Concurrent retries of one request: exactly one record.
  const racing = await Promise.all([1, 2, 3].map((i) => store.records.enrol({ registryId: 'wanted', requestId: 'req-race', fields: { i }, samples: [face(30 + i)] })));
  assert.equal(new Set(racing.map((r) => r.record.id)).size, 1);
  assert.equal(racing.filter((r) => r.created).length, 1);
  // The same request id in another registry is another request.
  const other = await store.records.enrol({ registryId: 'missing', requestId: 'req-idem', fields: {}, samples: [] });
  assert.notEqual(other.record.id, first.record.id);
});

test('a failure in the middle of an enrolment leaves no record, sample, template or audit entry', async () => {
  const before = await Promise.all(['records', 'samples', 'templates', 'audit_log'].map((t) => count(store, t)));
  // The first sample is written, then the second (a finger with no position) fails.
  await assert.rejects(
    store.records.enrol({ registryId: 'wanted', requestId: 'req-bad', fields: {}, samples: [face(40), finger(41, null)] }),
    (e: unknown) => e instanceof StoreError && e.code === 'INVALID');
  // A database-level failure part way (template without a model id violates NOT NULL).
  await assert.rejects(store.records.enrol({
    registryId: 'wanted', requestId: 'req-bad2', fields: {},
    samples: [face(42), { modality: 'face', image: pattern(10, 1), templates: [{ modelId: null as unknown as string, data: pattern(8, 1) }] }],
  }));
  const after = await Promise.all(['records', 'samples', 'templates', 'audit_log'].map((t) => count(store, t)));
  assert.deepEqual(after, before);
  assert.equal((await store.db.query("SELECT 1 FROM records WHERE request_id LIKE 'req-bad%'")).rows.length, 0);
  await assert.rejects(store.records.enrol({ registryId: 'nope', fields: {}, samples: [] }), (e: unknown) => e instanceof StoreError && e.code === 'NOT_FOUND');
});

test('samples and templates are encrypted at rest and authenticated', async () => {
  const image = pattern(500, 77);
  const res = await store.records.enrol({ registryId: 'wanted', fields: {}, samples: [{ modality: 'face', image, templates: [{ modelId: 'face-v1', data: pattern(64, 78) }] }] });
  const raw = (await store.db.query<{ image: Uint8Array }>('SELECT image FROM samples WHERE id = $1', [res.sampleIds[0]])).rows[0].image;
  assert.ok(!contains(raw, image.subarray(0, 32)), 'no plaintext in the column');
  assert.ok(raw.length >= image.length + 28, 'iv, tag and key id are stored with the ciphertext');
  const tRaw = (await store.db.query<{ data: Uint8Array }>('SELECT data FROM templates WHERE sample_id = $1', [res.sampleIds[0]])).rows[0].data;
  assert.ok(!contains(tRaw, pattern(64, 78).subarray(0, 16)));
  assert.deepEqual((await store.records.getSampleImage(res.sampleIds[0]))?.image, image);
  // One flipped bit in the ciphertext is caught by GCM, not returned as a wrong image.
  const flipped = Buffer.from(raw);
  flipped[flipped.length - 1] ^= 1;
  await store.db.query('UPDATE samples SET image = $2 WHERE id = $1', [res.sampleIds[0], flipped]);
  await assert.rejects(store.records.getSampleImage(res.sampleIds[0]), (e: unknown) => e instanceof StoreError && e.code === 'CRYPTO');
  // A blob moved into another column does not decrypt there either (context is authenticated).
  await store.db.query('UPDATE samples SET image = $2 WHERE id = $1', [res.sampleIds[0], tRaw]);
  await assert.rejects(store.records.getSampleImage(res.sampleIds[0]), (e: unknown) => e instanceof StoreError && e.code === 'CRYPTO');
});

test('alerts, encounters and record detail', async () => {
  const { record } = await store.records.enrol({ registryId: 'wanted', fields: { name: 'C' }, samples: [] });
  await store.records.addAlert({ recordId: record.id, reason: 'warrant 12/2026', source: 'court', actor: 'admin' });
  await store.records.addEncounter({ recordId: record.id, place: 'station 4' });
  const d = await store.records.get(record.id);
  assert.equal(d?.alerts[0].reason, 'warrant 12/2026');
  assert.equal(d?.encounters[0].place, 'station 4');
  assert.equal(await store.records.get('not-a-uuid'), null);
  assert.ok((await store.records.list('wanted')).some((r) => r.id === record.id));
});
