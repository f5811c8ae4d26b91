// End to end with the real face and finger engines (no fakes): HTTP enrolment, templates through
// the encrypted store, indexes reloaded from the store as at start-up, HTTP search with its audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { rig, requestId, type Rig } from './helpers.ts';
import { createRealEngines } from '../src/real-engines.ts';
import { loadIndexes } from '../src/start.ts';
import { syntheticPrint } from './synthetic-print.ts';
import { readFileSync } from 'node:fs';
import { faceFixtures } from '../../face/test/fixtures.ts';

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
  // The finger package's measured calibration puts the same finger far above the 1e-4 target.
  const cal = r.ctx.engines.finger!.calibration(false);
  assert.equal(body.noCandidate, false);
  const top = body.candidates[0];
  assert.equal(top.recordId, ids[1]);
  const [contribution] = top.contributions.fingers;
  assert.equal(contribution.position, 3);
  assert.ok(Math.abs(Math.log10(top.fmr) - Math.log10(cal.fmrAt(contribution.score))) < 0.05, `fmr ${top.fmr}`); // scores are rounded in answers
  assert.ok(top.fmr <= 1e-4 && top.fmr >= 1e-9, `fmr ${top.fmr}`);
  assert.ok(!body.candidates.some((c: { recordId: string }) => c.recordId === ids[0] || c.recordId === ids[2]), 'other fingers stay below the target');
  assert.equal((await r.store.audit.list({ limit: 100000 })).length, auditBefore + 1);
});

test('real engines: the server scores fingers with the measured calibration tables of the finger package', async () => {
  const finger = await import('@candor/finger');
  const { contactlessCalibration } = await import('@candor/finger/contactless');
  const port = r.ctx.engines.finger!;
  for (const s of [0, 5, 10, 15, 20, 30, 45]) {
    assert.equal(port.calibration(false).fmrAt(s), finger.fingerCalibration('contact').fmrAt(s));
    assert.equal(port.calibration(true).fmrAt(s), contactlessCalibration('contact').fmrAt(s));
  }
  // Not a placeholder: FMR falls with the score and reaches the registries' 1e-4 target.
  assert.ok(port.calibration(false).fmrAt(5) > port.calibration(false).fmrAt(20));
  assert.ok(port.calibration(false).thresholdFor(1e-4) < 60);
});

test('real engines: a photo without a face is a 422 NO_FACE problem, a truncated JPEG is IMAGE_INVALID', async () => {
  const grey = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#777' } }).jpeg().toBuffer();
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'E2E-2', face: { image: grey.toString('base64') } });
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().code, 'NO_FACE');
  const cut = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'E2E-2', face: { image: grey.subarray(0, 200).toString('base64') } });
  assert.equal(cut.statusCode, 422);
  assert.equal(cut.json().code, 'IMAGE_INVALID');
  // The same grey photo as a contactless finger goes through the contactless pipeline and is refused.
  const finger = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'E2E-2', fingers: [{ image: grey.toString('base64'), contactless: true }] });
  assert.equal(finger.statusCode, 422, finger.body);
  assert.equal(finger.json().code, 'NOT_A_FINGERPRINT');
});

test('real engines: a face enrolled in travel-documents is found, verified, and told apart from another person', async () => {
  const f = await faceFixtures();
  // The document portrait: the 320 px crop upscaled, since the enrolment quality gate asks for a face
  // that fills the picture (the crop itself scores "move closer").
  const portrait = await sharp(f.personA).resize(640, 640).jpeg({ quality: 92 }).toBuffer();
  const enrolled = await r.call('operator', 'POST', '/v1/registries/travel-documents/records', {
    requestId: requestId(),
    fields: { documentNumber: 'X1234567', issuingCountry: 'NLD', surname: 'Fixture', givenNames: 'Anna', dateOfBirth: '1990-01-01' },
    face: { image: b64(portrait) },
  });
  assert.equal(enrolled.statusCode, 201, enrolled.body);
  const recordId = enrolled.json().record.id;
  const cal = r.ctx.engines.face!.calibration;
  const target = 1e-4; // travel-documents' target FMR (registry-kinds.ts)
  // Scores in answers are rounded to 3 decimals; the FMR comes from the unrounded score.
  const sameFmr = (fmr: number, score: number) => assert.ok(Math.abs(Math.log10(fmr) - Math.log10(cal.fmrAt(score))) < 0.05, `fmr ${fmr} vs calibration ${cal.fmrAt(score)}`);
  const ask = (image: string, caseRef: string) => r.call('operator', 'POST', '/v1/search', { registries: ['travel-documents'], purpose: 'identity-check', caseRef, face: { image } });

  // 1:N with another photo of the same woman: her record first, with the FMR its score calibrates to.
  const same = await ask(b64(readFileSync(f.personA2)), 'E2E-F1');
  assert.equal(same.statusCode, 200, same.body);
  const top = same.json().candidates[0];
  assert.equal(top?.recordId, recordId);
  sameFmr(top.fmr, top.contributions.face.score);
  assert.ok(top.fmr <= target);
  assert.match(top.fmrText, /different people/);
  assert.equal(top.summary.documentNumber, 'X1234567');
  assert.match(top.thumbnail, /^data:image\/jpeg;base64,/);
  assert.equal(same.json().probeFace.count, 1);

  // 1:1 against the document portrait: same woman above the threshold, another woman below.
  const verify = (image: string) => r.call('operator', 'POST', '/v1/verify', { registry: 'travel-documents', recordId, purpose: 'identity-check', caseRef: 'E2E-F2', face: { image } });
  const vSame = (await verify(b64(readFileSync(f.personA2)))).json();
  sameFmr(vSame.fmr, vSame.score);
  assert.equal(vSame.aboveThreshold, true);
  const vOther = (await verify(b64(readFileSync(f.personB)))).json();
  assert.equal(vOther.aboveThreshold, false);
  assert.ok(vOther.fmr > target && vOther.score < vSame.score);

  // 1:N with the other woman: what the calibration says about her score decides; it says "no candidate".
  const other = (await ask(b64(readFileSync(f.personB)), 'E2E-F3')).json();
  assert.equal(other.noCandidate, true);
  assert.ok(!other.candidates.some((c: { recordId: string }) => c.recordId === recordId));

  // Several faces in one photo: the most prominent face is searched and the answer says how many
  // faces there were and which one was used, so the app can ask for a crop.
  const groupJpeg = readFileSync(f.group);
  const group = await ask(b64(groupJpeg), 'E2E-F4');
  assert.equal(group.statusCode, 200, group.body);
  const pf = group.json().probeFace;
  assert.ok(pf.count >= 2, `faces found: ${pf.count}`);
  const meta = await sharp(groupJpeg).metadata();
  assert.ok(pf.searched.x1 >= 0 && pf.searched.x2 <= meta.width! && pf.searched.y2 <= meta.height! && pf.searched.x2 > pf.searched.x1);
});

test('real engines: finger templates of the old format (v1, no ridge field) are re-extracted from their samples, with an audit entry', async () => {
  const { upgradeFingerTemplates } = await import('../src/finger-upgrade.ts');
  const res = await r.call('operator', 'POST', '/v1/registries/identities/records', {
    requestId: requestId(), fields: { surname: 'Upgrade', givenNames: 'Synthetic' },
    fingers: [{ position: 4, image: b64(syntheticPrint(21)), dpi: 500 }],
  });
  assert.equal(res.statusCode, 201, res.body);
  const recordId = res.json().record.id;
  const detail = await r.store.records.get(recordId);
  assert.equal(detail!.samples[0].capture, 'contact', 'enrolment records how the finger was captured');
  let stored: { id: string; data: Uint8Array } | undefined;
  for await (const batch of r.store.records.iterateTemplates({ modality: 'finger' })) stored ??= batch.find((t) => t.recordId === recordId);
  const port = r.ctx.engines.finger!;
  assert.equal(port.isCurrent!(stored!.data), true);
  // The same template as format v1 would have stored it: minutiae only, version byte 1.
  const n = (stored!.data[10] << 8) | stored!.data[11];
  const v1 = stored!.data.slice(0, 12 + 6 * n); v1[3] = 1;
  assert.equal(await r.store.records.replaceTemplate({ templateId: stored!.id, data: v1, modelId: port.modelId, actor: 'test', reason: 'downgrade for the test' }), true);
  assert.equal(port.isCurrent!(v1), false);

  const dry = await upgradeFingerTemplates(r.store, port, { actor: 'test', dryRun: true });
  assert.equal(dry.upgraded, 1); assert.equal(dry.failed, 0);
  const audit0 = (await r.store.audit.list({ limit: 100000 })).length;
  const report = await upgradeFingerTemplates(r.store, port, { actor: 'cli:finger-upgrade' });
  assert.equal(report.upgraded, 1); assert.equal(report.failed, 0); assert.equal(report.current, report.examined - 1);
  let after: Uint8Array | undefined;
  for await (const batch of r.store.records.iterateTemplates({ modality: 'finger' })) after ??= batch.find((t) => t.id === stored!.id)?.data;
  assert.deepEqual(after, stored!.data, 'extraction is deterministic: the re-extracted template is the one first stored');
  const entries = await r.store.audit.list({ limit: 100000 });
  assert.equal(entries.length, audit0 + 1);
  assert.equal(entries.some((e) => e.action === 'template.replace' && e.actor === 'cli:finger-upgrade'), true);
  assert.equal(await r.store.records.replaceTemplate({ templateId: '00000000-0000-4000-8000-000000000000', data: v1, modelId: port.modelId, actor: 'test', reason: 'x' }), false);
});
