// Candidate cards show the record's face photo only to roles that may read the record's registry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';
import { THUMBNAIL_PX } from '../src/thumbnails.ts';

let r: Rig;
let recordId = '';
const purpose = 'identity-check';

before(async () => {
  r = await rig();
  // A registry operators may search but not read (e.g. a restricted watch list).
  const base = (await r.store.registries.get('identities'))!;
  await r.store.registries.upsert({
    id: 'restricted', kind: base.kind, name: 'Restricted', fieldsSchema: base.fieldsSchema, modalities: base.modalities,
    training: false, targetFmr: base.targetFmr, searchRoles: ['operator', 'supervisor'], readRoles: ['supervisor'],
  });
  // A real 900x1200 JPEG with the fake engine's marker after its end, so the thumbnail is made from real pixels.
  const jpeg = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#8a6f5c' } }).jpeg().toBuffer();
  const res = await r.call('operator', 'POST', '/v1/registries/restricted/records', {
    requestId: requestId(), fields: identityFields('hidden'), face: { image: Buffer.concat([jpeg, Buffer.from('FACE:hidden:enrol', 'latin1')]).toString('base64') },
  });
  assert.equal(res.statusCode, 201, res.body);
  recordId = res.json().record.id;
});
after(async () => { await r.close(); });

const search = (who: string) => r.call(who, 'POST', '/v1/search', { registries: ['restricted'], purpose, caseRef: 'TH-1', face: { image: img('FACE:hidden:probe') } });

test('a role that may read the registry gets a small JPEG thumbnail of the record face on each candidate', async () => {
  const res = await search('supervisor');
  assert.equal(res.statusCode, 200, res.body);
  const c = res.json().candidates[0];
  assert.equal(c.recordId, recordId);
  const [, b64] = /^data:image\/jpeg;base64,(.+)$/.exec(c.thumbnail) ?? [];
  assert.ok(b64, 'a JPEG data URL');
  const meta = await sharp(Buffer.from(b64, 'base64')).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(Math.max(meta.width!, meta.height!), THUMBNAIL_PX);
  assert.equal(meta.width! / meta.height!, 900 / 1200);
  assert.ok(Buffer.from(b64, 'base64').length < 20_000);
  assert.equal(c.summary.surname, 'hidden');
});

test('a role that may search but not read sees the candidate without photo or fields', async () => {
  const res = await search('operator');
  assert.equal(res.statusCode, 200, res.body);
  const c = res.json().candidates[0];
  assert.equal(c.recordId, recordId);
  assert.equal(c.thumbnail, undefined);
  assert.deepEqual(c.summary, {});
  const rec = await r.call('operator', 'GET', `/v1/registries/restricted/records/${recordId}`);
  assert.equal(rec.statusCode, 403);
});
