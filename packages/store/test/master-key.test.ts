import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/index.ts';
import { pattern, seedRegistry, testPlace } from './helpers.ts';

test('master key rotation rewraps the data keys; an interrupted one completes at the next open', async () => {
  const place = await testPlace();
  const keyFile = join(place.options.dataDir!, 'keys', 'master.key');
  try {
    let store = await openStore(place.options);
    await seedRegistry(store);
    const { sampleIds } = await store.records.enrol({ registryId: 'wanted', fields: {}, samples: [{ modality: 'face', image: pattern(100, 5), templates: [] }] });
    const oldKey = readFileSync(keyFile, 'utf8');
    const blobBefore = (await store.db.query<{ image: Uint8Array }>('SELECT image FROM samples')).rows[0].image;

    const r = await store.rotateMasterKey();
    assert.equal(r.keyFile, keyFile);
    assert.equal(r.dataKeys, 1);
    const newKey = readFileSync(keyFile, 'utf8');
    assert.notEqual(newKey, oldKey);
    const blobAfter = (await store.db.query<{ image: Uint8Array }>('SELECT image FROM samples')).rows[0].image;
    assert.deepEqual(Buffer.from(blobAfter), Buffer.from(blobBefore), 'blobs untouched');
    await store.rotateKeys(); // a data key made after the rotation is wrapped with the new master key
    await store.close();

    await assert.rejects(openStore({ ...place.options, masterKey: Buffer.from(oldKey.trim(), 'base64') }), /does not match/);
    store = await openStore(place.options);
    assert.deepEqual((await store.records.getSampleImage(sampleIds[0]))?.image, pattern(100, 5));

    // Simulate a crash after the database was rewrapped but before the file was renamed.
    await store.rotateMasterKey();
    await store.close();
    const newest = readFileSync(keyFile, 'utf8');
    renameSync(keyFile, keyFile + '.next');
    writeFileSync(keyFile, newKey, { mode: 0o600 });
    store = await openStore(place.options);
    assert.deepEqual((await store.records.getSampleImage(sampleIds[0]))?.image, pattern(100, 5));
    assert.equal(readFileSync(keyFile, 'utf8'), newest, 'rotation completed');
    assert.equal((await store.audit.list({ action: 'keys.rotate_master' })).length, 2);
    assert.equal((await store.verifyAudit()).ok, true);
    await store.close();
  } finally {
    await place.cleanup();
  }
});
