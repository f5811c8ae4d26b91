// Face matcher shards behind NATS JetStream (needs nats-server on 127.0.0.1:4222, as in CI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';
import { connectFaceShards, shardOf, startFaceShard } from '../src/face-shards.ts';
import { loadIndexes } from '../src/start.ts';

const url = process.env.CANDOR_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `candortest${randomBytes(4).toString('hex')}`;
let r: Rig;
let shards: Awaited<ReturnType<typeof startFaceShard>>[] = [];
let client: Awaited<ReturnType<typeof connectFaceShards>>;
const ids: Record<string, string> = {};

before(async () => {
  r = await rig({
    indexes: async (store, engines) => {
      // Two records exist before the shards start: they must come from the store load.
      for (const p of ['pre1', 'pre2']) {
        const res = await store.records.enrol({ registryId: 'identities', requestId: requestId(), fields: identityFields(p), samples: [{ modality: 'face', image: new Uint8Array([1]), templates: [{ modelId: engines.face!.modelId, data: new Uint8Array((await engines.face!.analyze(Buffer.from(`FACE:${p}:e`))).template.buffer) }] }] });
        ids[p] = res.record.id;
      }
      shards = await Promise.all([0, 1].map((shard) => startFaceShard({ url, prefix, shard, shards: 2, store, modelId: engines.face!.modelId })));
      client = await connectFaceShards({ url, prefix, shards: 2 });
      return loadIndexes(store, engines, 'float32', client);
    },
  });
});
after(async () => {
  await r.close();
  await client?.close();
  for (const s of shards) await s.stop();
  const nc = await connect({ servers: url });
  await (await nc.jetstreamManager()).streams.delete(`${prefix.toUpperCase()}_TEMPLATES`).catch(() => {});
  await nc.close();
});

test('records are spread over shards by a stable hash', () => {
  const counts = [0, 0];
  for (let i = 0; i < 1000; i++) counts[shardOf(`record-${i}`, 2)]++;
  assert.ok(counts[0] > 400 && counts[1] > 400, `balanced: ${counts}`);
  assert.equal(shardOf('abc', 7), shardOf('abc', 7));
});

test('search through two NATS shards finds records loaded from the store and records enrolled after start', async () => {
  for (const p of ['post1', 'post2', 'post3', 'post4']) {
    const res = await r.call('operator', 'POST', '/v1/registries/identities/records', { requestId: requestId(), fields: identityFields(p), face: { image: img(`FACE:${p}:e`) } });
    assert.equal(res.statusCode, 201, res.body);
    ids[p] = res.json().record.id;
  }
  // JetStream delivery to the shards is asynchronous: wait until both hold all six templates.
  for (let i = 0; i < 100 && shards[0].size() + shards[1].size() < 6; i++) await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(shards[0].size() + shards[1].size(), 6);
  // Record ids are random, so which shard holds how many is not fixed (all six on one shard happens
  // one run in 32): each shard must hold exactly the records that the stable hash assigns to it.
  const expected = [0, 0];
  for (const id of Object.values(ids)) expected[shardOf(id, 2)]++;
  assert.deepEqual([shards[0].size(), shards[1].size()], expected, 'each shard holds the records hashed to it');
  for (const p of ['pre1', 'pre2', 'post1', 'post2', 'post3', 'post4']) {
    const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'N-1', face: { image: img(`FACE:${p}:probe`) } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().candidates[0]?.recordId, ids[p], p);
  }
});

test('a shard that does not answer fails the search with 503 instead of searching part of the gallery', async () => {
  const lonely = await connectFaceShards({ url, prefix, shards: 3 }); // shard 2 does not exist
  try {
    await assert.rejects(lonely.search('identities', new Float32Array(64), 5), (e: { code?: string }) => e.code === 'ENGINE_UNAVAILABLE');
  } finally { await lonely.close(); }
});
