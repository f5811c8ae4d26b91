import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';

let r: Rig;
const ids: Record<string, string> = {};
const purpose = 'identity-check';

before(async () => {
  r = await rig();
  for (const person of ['alice', 'bob', 'carol']) {
    const res = await r.call('operator', 'POST', '/v1/registries/identities/records', {
      requestId: requestId(), fields: identityFields(person), face: { image: img(`FACE:${person}:enrol`) },
      fingers: [{ position: 2, image: img(`FINGER:${person}-2`) }],
    });
    assert.equal(res.statusCode, 201, res.body);
    ids[person] = res.json().record.id;
  }
  const enc = await r.call('operator', 'POST', '/v1/registries/encounters/records', {
    requestId: requestId(), fields: { caseRef: 'C-1', encounterDate: '2026-01-02', place: 'Harbour gate' },
    face: { image: img('FACE:alice:encounter') },
    alerts: [{ reason: 'Reported missing', source: 'Family liaison unit', expiresAt: '2099-01-01T00:00:00Z' }, { reason: 'Old alert', source: 'X', expiresAt: '2001-01-01T00:00:00Z' }],
  });
  assert.equal(enc.statusCode, 201, enc.body);
  ids.aliceEncounter = enc.json().record.id;
});
after(async () => { await r.close(); });

test('1:N face search ranks the enrolled person first with FMR in plain words and never says "match" bare', async () => {
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: 'CASE-1', face: { image: img('FACE:alice:probe') } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.noCandidate, false);
  assert.equal(body.candidates[0].recordId, ids.alice);
  assert.equal(body.candidates.length, 1, 'impostors stay below the threshold');
  const c = body.candidates[0];
  assert.ok(c.fmr <= 1e-4);
  assert.match(c.fmrText, /^about 1 in [\d,]+ different people would score this high$/);
  assert.ok(c.contributions.face.score > 0.5);
  assert.equal(c.summary.surname, 'alice');
  assert.doesNotMatch(JSON.stringify(body).replace(/possible match: verify identity with documents/g, ''), /\bmatch\b/i);
});

test('face + finger fusion: a finger alone finds its person; both give more evidence than either', async () => {
  const search = (probe: object) => r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: 'CASE-2', ...probe });
  const finger = (await search({ fingers: [{ position: 2, image: img('FINGER:bob-2') }] })).json();
  assert.equal(finger.candidates[0].recordId, ids.bob);
  assert.equal(finger.candidates[0].contributions.fingers[0].position, 2);
  const face = (await search({ face: { image: img('FACE:bob:x') } })).json();
  const both = (await search({ face: { image: img('FACE:bob:x') }, fingers: [{ position: 2, image: img('FINGER:bob-2') }] })).json();
  assert.equal(both.candidates[0].recordId, ids.bob);
  assert.ok(both.candidates[0].score > face.candidates[0].score);
  assert.ok(both.candidates[0].score > finger.candidates[0].score);
  assert.ok(both.candidates[0].contributions.face && both.candidates[0].contributions.fingers);
});

test('"no candidate above threshold" is a first-class answer, and still audited', async () => {
  const before = (await r.store.audit.list({ limit: 100000 })).length;
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: 'CASE-3', face: { image: img('FACE:stranger:1') } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().noCandidate, true);
  assert.deepEqual(res.json().candidates, []);
  assert.equal((await r.store.audit.list({ limit: 100000 })).length, before + 1);
});

test('alerts are shown with source and expiry; expired alerts are not shown', async () => {
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['encounters'], purpose, caseRef: 'CASE-4', face: { image: img('FACE:alice:p2') } });
  const c = res.json().candidates[0];
  assert.equal(c.recordId, ids.aliceEncounter);
  assert.deepEqual(c.alerts, [{ reason: 'Reported missing', source: 'Family liaison unit', expiresAt: '2099-01-01T00:00:00.000Z' }]);
});

test('candidates and records readable by the role carry a small face thumbnail made from the stored sample', async () => {
  const sharp = (await import('sharp')).default;
  const jpeg = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#a08070' } }).jpeg().toBuffer();
  const image = Buffer.concat([jpeg, Buffer.from('FACE:thumb:enrol', 'latin1')]).toString('base64');
  const enrolled = await r.call('operator', 'POST', '/v1/registries/identities/records', { requestId: requestId(), fields: identityFields('thumb'), face: { image } });
  assert.equal(enrolled.statusCode, 201, enrolled.body);
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: 'CASE-T', face: { image: img('FACE:thumb:probe') } });
  const c = res.json().candidates[0];
  assert.equal(c.recordId, enrolled.json().record.id);
  assert.match(c.thumbnail, /^data:image\/jpeg;base64,/);
  const meta = await sharp(Buffer.from(c.thumbnail.split(',')[1], 'base64')).metadata();
  assert.ok(Math.max(meta.width!, meta.height!) <= 160);
  const rec = await r.call('operator', 'GET', `/v1/registries/identities/records/${c.recordId}`);
  assert.match(rec.json().thumbnail, /^data:image\/jpeg;base64,/);
});

test('a search requires a configured purpose and a case reference', async () => {
  const noPurpose = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], caseRef: 'X', face: { image: img('FACE:alice:1') } });
  assert.equal(noPurpose.statusCode, 400);
  assert.equal(noPurpose.json().code, 'VALIDATION_FAILED');
  const unknown = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'curiosity', caseRef: 'X', face: { image: img('FACE:alice:1') } });
  assert.equal(unknown.json().code, 'UNKNOWN_PURPOSE');
  const blank = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: '   ', face: { image: img('FACE:alice:1') } });
  assert.equal(blank.json().code, 'CASE_REF_REQUIRED');
});

test('super query: only cross_registry, only with a reason; it returns candidates from several registries', async () => {
  const body = { registries: ['identities', 'encounters'], purpose, caseRef: 'CASE-5', face: { image: img('FACE:alice:p3') } };
  const op = await r.call('operator', 'POST', '/v1/search', body);
  assert.equal(op.statusCode, 403);
  assert.equal(op.json().code, 'CROSS_REGISTRY_FORBIDDEN');
  const noReason = await r.call('cross', 'POST', '/v1/search', body);
  assert.equal(noReason.json().code, 'REASON_REQUIRED');
  const ok = await r.call('cross', 'POST', '/v1/search', { ...body, reason: 'Person found without documents at two sites' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(new Set(ok.json().candidates.map((c: { registry: string }) => c.registry)), new Set(['identities', 'encounters']));
  const stored = await r.store.searches.get(ok.json().searchId);
  assert.equal(stored?.reason, 'Person found without documents at two sites');
});

test('1:1 verify of a live face against a travel document portrait', async () => {
  const doc = await r.call('operator', 'POST', '/v1/registries/travel-documents/records', {
    requestId: requestId(), face: { image: img('FACE:dora:portrait') },
    fields: { documentNumber: 'X1234567', issuingCountry: 'UTO', surname: 'Dora', givenNames: 'Test', dateOfBirth: '1990-04-01' },
  });
  assert.equal(doc.statusCode, 201, doc.body);
  const id = doc.json().record.id;
  const same = (await r.call('operator', 'POST', '/v1/verify', { registry: 'travel-documents', recordId: id, purpose, caseRef: 'B-1', face: { image: img('FACE:dora:live') } })).json();
  assert.equal(same.aboveThreshold, true);
  assert.match(same.fmrText, /different people/);
  const other = (await r.call('operator', 'POST', '/v1/verify', { registry: 'travel-documents', recordId: id, purpose, caseRef: 'B-1', face: { image: img('FACE:eve:live') } })).json();
  assert.equal(other.aboveThreshold, false);
  assert.ok(other.fmr > same.fmr);
});

test('review: the searching operator or a supervisor confirms or rejects with a reason; the subject report lists the search', async () => {
  const s = (await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: 'CASE-6', face: { image: img('FACE:carol:p') } })).json();
  const url = `/v1/searches/${s.searchId}/candidates/1/review`;
  const other = await r.call('operator2', 'POST', url, { decision: 'confirmed', reason: 'checked ID card' });
  assert.equal(other.statusCode, 404, 'another operator cannot see this search');
  const mine = await r.call('operator', 'POST', url, { decision: 'confirmed', reason: 'checked ID card' });
  assert.equal(mine.statusCode, 201, mine.body);
  assert.equal(mine.json().reviewer, r.users.operator);
  const sup = await r.call('supervisor', 'POST', url, { decision: 'rejected', reason: 'document was forged' });
  assert.equal(sup.statusCode, 201);
  assert.equal((await r.call('supervisor', 'POST', `/v1/searches/${s.searchId}/candidates/9/review`, { decision: 'rejected', reason: 'nope' })).json().code, 'UNKNOWN_CANDIDATE');
  const detail = (await r.call('supervisor', 'GET', `/v1/searches/${s.searchId}`)).json();
  assert.equal(detail.reviews.length, 2);
  const report = await r.call('auditor', 'GET', `/v1/registries/identities/records/${ids.carol}/report`);
  assert.equal(report.statusCode, 200);
  const entry = report.json().searches.find((e: { searchId: string }) => e.searchId === s.searchId);
  assert.equal(entry.purpose, purpose);
  assert.equal(entry.caseRef, 'CASE-6');
  assert.equal(entry.actor, r.users.operator);
});

test('training isolation: trainees search only the training registry, which writes the training log, never the audit log', async () => {
  const op = await r.call('trainee', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef: 'T', face: { image: img('FACE:alice:t') } });
  assert.equal(op.statusCode, 403);
  assert.equal(op.json().code, 'TRAINING_ONLY');
  const enrol = await r.call('admin', 'POST', '/v1/registries/training/records', { requestId: requestId(), fields: identityFields('synthetic'), face: { image: img('FACE:synthetic:e') } });
  assert.equal(enrol.statusCode, 201);
  const auditBefore = (await r.store.audit.list({ limit: 100000 })).length;
  const logBefore = (await r.store.trainingLog.list({ limit: 100000 })).length;
  const t = await r.call('trainee', 'POST', '/v1/search', { registries: ['training'], purpose, caseRef: 'T', face: { image: img('FACE:synthetic:t') } });
  assert.equal(t.statusCode, 200, t.body);
  assert.equal(t.json().training, true);
  assert.equal(t.json().candidates[0].recordId, enrol.json().record.id);
  assert.equal((await r.store.audit.list({ limit: 100000 })).length, auditBefore, 'no audit entry');
  assert.equal((await r.store.trainingLog.list({ limit: 100000 })).length, logBefore + 1);
  const ops = await r.store.searches.list({ training: false, limit: 1000 });
  assert.ok(!ops.some((s) => s.id === t.json().searchId), 'not among operational searches');
  const mixed = await r.call('cross', 'POST', '/v1/search', { registries: ['training', 'identities'], purpose, caseRef: 'T', reason: 'x', face: { image: img('FACE:alice:t') } });
  assert.equal(mixed.json().code, 'MIXED_TRAINING');
});
