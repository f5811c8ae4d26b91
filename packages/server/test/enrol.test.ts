import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Repos, Store } from '@candor/store';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';

let r: Rig;
let crashNext = false;
// Injects a crash inside the enrolment transaction, after the record row is written.
function crashy(s: Store): Store {
  const wrap = (tx: Repos): Repos => ({
    ...tx,
    records: { ...tx.records, addAlert: async (a) => { if (crashNext) { crashNext = false; throw new Error('power cut (simulated)'); } return tx.records.addAlert(a); } },
  });
  return { ...s, transaction: (fn) => s.transaction((tx) => fn(wrap(tx))) } as Store;
}
before(async () => { r = await rig({ store: crashy }); });
after(async () => { await r.close(); });

const enrol = (who: string, body: object, registry = 'identities') => r.call(who, 'POST', `/v1/registries/${registry}/records`, body);

test('enrolment is idempotent by requestId: a retry returns the same record and creates nothing', async () => {
  const body = { requestId: requestId(), fields: identityFields('gina'), face: { image: img('FACE:gina:1') } };
  const a = await enrol('operator', body);
  assert.equal(a.statusCode, 201);
  const count = await r.store.records.count('identities');
  const b = await enrol('operator', body);
  assert.equal(b.statusCode, 200);
  assert.equal(b.json().record.id, a.json().record.id);
  assert.equal(b.json().created, false);
  assert.equal(await r.store.records.count('identities'), count);
});

test('a crash in the middle of enrolment leaves no partial record, and the index is not touched', async () => {
  const count = await r.store.records.count('identities');
  const body = {
    requestId: requestId(), fields: identityFields('hugo'), face: { image: img('FACE:hugo:1') },
    alerts: [{ reason: 'Test alert', source: 'Unit test', expiresAt: null }],
  };
  crashNext = true;
  const res = await enrol('operator', body);
  assert.equal(res.statusCode, 500);
  assert.equal(res.json().code, 'INTERNAL');
  assert.equal(await r.store.records.count('identities'), count, 'no record row');
  const search = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'X', face: { image: img('FACE:hugo:2') } });
  assert.equal(search.json().noCandidate, true, 'nothing in the in-memory index');
  // The retry with the same requestId now goes through completely.
  const retry = await enrol('operator', body);
  assert.equal(retry.statusCode, 201);
  const rec = await r.call('operator', 'GET', `/v1/registries/identities/records/${retry.json().record.id}`);
  assert.equal(rec.json().alerts.length, 1);
  assert.equal(rec.json().samples.length, 1);
});

test('the duplicate check flags a possible existing identity for review instead of silently adding a second', async () => {
  const first = await enrol('operator', { requestId: requestId(), fields: identityFields('ivan'), face: { image: img('FACE:ivan:1') } });
  const second = await enrol('operator', { requestId: requestId(), fields: identityFields('ivan-alias'), face: { image: img('FACE:ivan:2') } });
  assert.equal(second.statusCode, 201);
  assert.equal(second.json().duplicates.length, 1);
  assert.equal(second.json().duplicates[0].recordId, first.json().record.id);
  const flags = await r.store.duplicates.list({ status: 'open' });
  assert.ok(flags.some((f) => f.recordId === second.json().record.id && f.otherRecordId === first.json().record.id));
});

test('quality gates reject with clear reasons; fields are validated against the registry schema', async () => {
  const low = await enrol('operator', { requestId: requestId(), fields: identityFields('jo'), face: { image: img('LOWQ:jo') } });
  assert.equal(low.statusCode, 422);
  assert.equal(low.json().code, 'QUALITY_TOO_LOW');
  assert.match(low.json().detail, /too dark/);
  const bad = await enrol('operator', { requestId: requestId(), fields: { surname: 'x', givenNames: 'y', dateOfBirth: 'yesterday', shoeSize: 44 }, face: { image: img('FACE:jo:1') } });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().code, 'FIELDS_INVALID');
  assert.ok(bad.json().errors.some((e: string) => /dateOfBirth/.test(e)));
  assert.ok(bad.json().errors.some((e: string) => /shoeSize/.test(e)));
  const noFinger = await enrol('operator', { requestId: requestId(), fields: { documentNumber: 'AB12345', issuingCountry: 'UTO', surname: 'a', givenNames: 'b', dateOfBirth: '1990-01-01' }, fingers: [{ position: 1, image: img('FINGER:k-1') }] }, 'travel-documents');
  assert.equal(noFinger.json().code, 'MODALITY_NOT_SUPPORTED');
});

test('enrolled ten-prints are position coded and searchable by position', async () => {
  const fingers = Array.from({ length: 10 }, (_, i) => ({ position: i + 1, image: img(`FINGER:lena-${i + 1}`) }));
  const res = await enrol('operator', { requestId: requestId(), fields: identityFields('lena'), fingers });
  assert.equal(res.statusCode, 201, res.body);
  const s = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'X', fingers: [{ position: 7, image: img('FINGER:lena-7') }, { position: 8, image: img('FINGER:lena-8') }] });
  const c = s.json().candidates[0];
  assert.equal(c.recordId, res.json().record.id);
  assert.deepEqual(c.contributions.fingers.map((f: { position: number }) => f.position), [7, 8]);
});
