// Probe captures: every operational search keeps what was submitted, encrypted by the store, and the
// store's retention deletes it after the period unless a candidate was confirmed. Training searches
// keep nothing. The clock is moved by passing `now` to the store's retention run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';
import { decodeProbeCapture } from '../src/probe-capture.ts';

let r: Rig;
let alice = '';
const purpose = 'identity-check';
const DAY = 86_400_000;

before(async () => {
  r = await rig();
  const res = await r.call('operator', 'POST', '/v1/registries/identities/records', {
    requestId: requestId(), fields: identityFields('alice'), face: { image: img('FACE:alice:enrol') },
    fingers: [{ position: 2, image: img('FINGER:alice-2') }],
  });
  assert.equal(res.statusCode, 201, res.body);
  alice = res.json().record.id;
});
after(async () => { await r.close(); });

async function search(caseRef: string, body: Record<string, unknown>): Promise<string> {
  const res = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose, caseRef, ...body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().searchId;
}

test('training searches never store a probe capture', async () => {
  const t = await r.call('trainee', 'POST', '/v1/search', { registries: ['training'], purpose, caseRef: 'RET-T', face: { image: img('FACE:synthetic:t') } });
  assert.equal(t.statusCode, 200, t.body);
  const s = await r.store.searches.get(t.json().searchId);
  assert.equal(s!.training, true);
  assert.equal(s!.hasProbe, false);
  assert.equal(await r.store.searches.getProbe(t.json().searchId), null);
  const raw = await r.store.db.query<{ n: number | string }>('SELECT count(*) AS n FROM searches WHERE training AND probe IS NOT NULL');
  assert.equal(Number(raw.rows[0].n), 0);
});

// Runs last: retention 31 days ahead also removes the rig's (expired by then) login sessions.
test('probe captures are stored encrypted with each operational search and deleted by retention unless confirmed', async () => {
  // A data URL from a browser is stored as its plain image bytes.
  const unconfirmed = await search('RET-1', { face: { image: `data:image/jpeg;base64,${img('FACE:alice:probe1')}` }, fingers: [{ position: 2, image: img('FINGER:alice-2'), dpi: 500 }] });
  const confirmed = await search('RET-2', { face: { image: img('FACE:alice:probe2') } });
  const v = await r.call('operator', 'POST', '/v1/verify', { registry: 'identities', recordId: alice, purpose, caseRef: 'RET-3', face: { image: img('FACE:alice:probe3') } });
  assert.equal(v.statusCode, 200, v.body);
  const verified = v.json().searchId as string;

  const capture = decodeProbeCapture((await r.store.searches.getProbe(unconfirmed))!);
  assert.equal(Buffer.from(capture.face!.image, 'base64').toString(), 'FACE:alice:probe1');
  assert.deepEqual(capture.fingers!.map((f) => [f.position, f.dpi, f.contactless, Buffer.from(f.image, 'base64').toString()]), [[2, 500, false, 'FINGER:alice-2']]);
  assert.equal(Buffer.from(decodeProbeCapture((await r.store.searches.getProbe(verified))!).face!.image, 'base64').toString(), 'FACE:alice:probe3');
  // At rest the capture is ciphertext: the submitted bytes do not appear in the column.
  const raw = await r.store.db.query<{ p: string }>("SELECT encode(probe, 'base64') AS p FROM searches WHERE id = $1", [unconfirmed]);
  assert.ok(raw.rows[0].p.length > 0);
  assert.ok(!Buffer.from(raw.rows[0].p, 'base64').toString('latin1').includes('FACE:alice'));

  const review = await r.call('operator', 'POST', `/v1/searches/${confirmed}/candidates/1/review`, { decision: 'confirmed', reason: 'passport checked' });
  assert.equal(review.statusCode, 201, review.body);

  const now = Date.now();
  const early = await r.store.runRetention(new Date(now + 29 * DAY));
  assert.ok(![unconfirmed, confirmed, verified].some((id) => early.searchIds.includes(id)), 'nothing is deleted within 30 days');
  assert.ok(await r.store.searches.getProbe(unconfirmed));

  const late = await r.store.runRetention(new Date(now + 31 * DAY));
  assert.ok(late.searchIds.includes(unconfirmed) && late.searchIds.includes(verified));
  assert.ok(!late.searchIds.includes(confirmed));
  assert.equal(await r.store.searches.getProbe(unconfirmed), null);
  assert.equal(await r.store.searches.getProbe(verified), null);
  assert.ok(await r.store.searches.getProbe(confirmed), 'a confirmed search keeps its capture as evidence');
  // The search record and its candidates stay; only the capture went, and retention is audited.
  const kept = await r.store.searches.get(unconfirmed);
  assert.equal(kept!.hasProbe, false);
  assert.ok(kept!.probeDeletedAt);
  assert.equal(kept!.candidates[0].recordId, alice);
  const audit = await r.store.audit.list({ action: 'retention.delete_probes', limit: 10 });
  assert.ok(audit.some((e) => (e.subjects.searchIds as string[]).includes(unconfirmed)));
});
