// End to end with the real face and finger engines (no fakes): HTTP enrolment, templates through
// the encrypted store, indexes reloaded from the store as at start-up, HTTP search with its audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { rig, requestId, type Rig } from './helpers.ts';
import { createRealEngines } from '../src/real-engines.ts';
import { loadIndexes } from '../src/start.ts';
import { syntheticPrint } from './synthetic-print.ts';

let r: Rig;
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
before(async () => { r = await rig({ engines: await createRealEngines() }); });
after(async () => { await r.close(); });

test('real engines: fingerprints enrolled over HTTP are found again after an index reload from the store', async () => {
  const ids: string[] = [];
  for (const seed of [11, 12, 13]) {
    const res = await r.call('operator', 'POST', '/v1/registries/identities/records', {
      requestId: requestId(), fields: { surname: `Print${seed}`, givenNames: 'Synthetic' },
      fingers: [{ position: 3, image: b64(syntheticPrint(seed)), dpi: 500 }],
    });
    assert.equal(res.statusCode, 201, res.body);
    ids.push(res.json().record.id);
  }
  // What `serve` does at start: rebuild the in-memory index from the stored (encrypted) templates.
  const reloaded = await loadIndexes(r.store, r.ctx.engines);
  const probe = await r.ctx.engines.finger!.extract(syntheticPrint(12, { dx: 5, dy: -3, noise: 30 }), { dpi: 500 });
  const hits = reloaded.searchFinger('identities', r.ctx.engines.finger!.prepare(probe.template), 3, 3);
  assert.equal(hits[0].recordId, ids[1], 'the same finger ranks first');
  assert.ok(hits[0].score > hits[1].score);

  const auditBefore = (await r.store.audit.list({ limit: 100000 })).length;
  const res = await r.call('operator', 'POST', '/v1/search', {
    registries: ['identities'], purpose: 'identity-check', caseRef: 'E2E-1',
    fingers: [{ position: 3, image: b64(syntheticPrint(12, { dx: 5, dy: -3, noise: 30 })), dpi: 500 }],
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  // Whether the top score clears the registry's FMR target depends on the finger calibration.
  const cal = r.ctx.engines.finger!.calibration(false);
  assert.equal(body.noCandidate, cal.fmrAt(hits[0].score) > 1e-4);
  if (!body.noCandidate) assert.equal(body.candidates[0].recordId, ids[1]);
  assert.equal((await r.store.audit.list({ limit: 100000 })).length, auditBefore + 1);
});

test('real engines: a photo without a face is a 422 NO_FACE problem, a truncated JPEG is IMAGE_INVALID', async () => {
  const grey = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#777' } }).jpeg().toBuffer();
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'E2E-2', face: { image: grey.toString('base64') } });
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().code, 'NO_FACE');
  const cut = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'E2E-2', face: { image: grey.subarray(0, 200).toString('base64') } });
  assert.equal(cut.statusCode, 422);
  assert.equal(cut.json().code, 'IMAGE_INVALID');
});
