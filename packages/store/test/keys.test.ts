import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/index.ts';
import { openStore } from '../src/index.ts';
import { blobsPerKey } from '../src/rotate.ts';
import { blobKeyId } from '../src/vault.ts';
import { openTestStore, pattern, seedRegistry, type TestPlace } from './helpers.ts';

let store: Store;
let place: TestPlace;
let closed = false;
before(async () => {
  ({ store, place } = await openTestStore());
  await seedRegistry(store);
});
after(async () => {
  if (!closed) await store.close();
  await place.cleanup();
});

test('rotation re-encrypts every blob with a new key; the old key decrypts until then', async () => {
  const user = await store.users.create({ username: 'rot', password: 'pw-123456', roles: ['operator'] });
  await store.users.setTotp(user.id, 'SECRETBASE32', true);
  const enrolled = [];
  for (let i = 0; i < 5; i++) {
    enrolled.push(await store.records.enrol({ registryId: 'wanted', fields: { i }, samples: [{ modality: 'face', image: pattern(200, i), templates: [{ modelId: 'f', data: pattern(32, i + 100) }] }] }));
  }
  const search = await store.searches.create({ userId: user.id, actor: 'rot', purpose: 'identity-check', caseRef: 'K', registryIds: ['wanted'], modalities: ['face'], probe: pattern(50, 9), candidates: [] });
  const oldKeys = Object.keys(await blobsPerKey(store.db));
  assert.equal(oldKeys.length, 1);
  const oldBlob = (await store.db.query<{ image: Uint8Array }>('SELECT image FROM samples WHERE id = $1', [enrolled[0].sampleIds[0]])).rows[0].image;

  const result = await store.rotateKeys({ batchSize: 2 });
  assert.notEqual(result.newKeyId, oldKeys[0]);
  assert.deepEqual(result.reencrypted, { 'users.totp_secret': 1, 'samples.image': 5, 'templates.data': 5, 'searches.probe': 1 });
  assert.deepEqual(await blobsPerKey(store.db), { [result.newKeyId]: 12 });
  const newBlob = (await store.db.query<{ image: Uint8Array }>('SELECT image FROM samples WHERE id = $1', [enrolled[0].sampleIds[0]])).rows[0].image;
  assert.equal(blobKeyId(newBlob), result.newKeyId);
  assert.notDeepEqual(Buffer.from(newBlob), Buffer.from(oldBlob));
  for (let i = 0; i < 5; i++) assert.deepEqual((await store.records.getSampleImage(enrolled[i].sampleIds[0]))?.image, pattern(200, i));
  assert.equal(await store.users.getTotpSecret(user.id), 'SECRETBASE32');
  assert.deepEqual(await store.searches.getProbe(search.id), pattern(50, 9));

  // A blob still under the retired key (say, written by a server that had not reloaded) decrypts,
  // and the next rotation sweeps it.
  await store.db.query('UPDATE samples SET image = $2 WHERE id = $1', [enrolled[0].sampleIds[0], Buffer.from(oldBlob)]);
  assert.deepEqual((await store.records.getSampleImage(enrolled[0].sampleIds[0]))?.image, pattern(200, 0));
  const second = await store.rotateKeys();
  assert.equal(second.reencrypted['samples.image'], 5);
  assert.deepEqual(await blobsPerKey(store.db), { [second.newKeyId]: 12 });

  const rotations = await store.audit.list({ action: 'keys.rotate' });
  assert.equal(rotations.length, 2);
  assert.equal((await store.verifyAudit()).ok, true);

  // A new process (fresh vault from data_keys + the same master key file) reads everything.
  // (Closed first: PGlite allows one process per data folder.)
  await store.close();
  closed = true;
  const other = await openStore(place.options);
  try {
    assert.deepEqual((await other.records.getSampleImage(enrolled[3].sampleIds[0]))?.image, pattern(200, 3));
    const firstBytes = [];
    for await (const batch of other.records.iterateTemplates()) firstBytes.push(...batch.map((t) => t.data[0]));
    assert.deepEqual(firstBytes.sort((x, y) => x - y), [0, 1, 2, 3, 4].map((i) => pattern(32, i + 100)[0]).sort((x, y) => x - y));
  } finally {
    await other.close();
  }
});
