import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';
import { ERRORS } from '../src/errors.ts';

let r: Rig;
before(async () => { r = await rig(); });
after(async () => { await r.close(); });

const search = (over: object = {}) => ({ registries: ['identities'], purpose: 'identity-check', caseRef: 'B-1', face: { image: img('FACE:x:1') }, ...over });

// role × endpoint: which roles get past the role check (anything else must be 403 FORBIDDEN).
const MATRIX: [method: 'GET' | 'POST', url: string, body: object | undefined, allowed: string[]][] = [
  ['GET', '/v1/me', undefined, ['admin', 'operator', 'supervisor', 'auditor', 'trainee', 'cross']],
  ['GET', '/v1/purposes', undefined, ['admin', 'operator', 'supervisor', 'auditor', 'trainee', 'cross']],
  ['GET', '/v1/registries', undefined, ['admin', 'operator', 'supervisor', 'auditor', 'trainee', 'cross']],
  ['GET', '/v1/users', undefined, ['admin']],
  ['POST', '/v1/users', {}, ['admin']],
  ['POST', '/v1/registries/identities/records', {}, ['admin', 'operator', 'cross']],
  ['POST', '/v1/search', {}, ['operator', 'supervisor', 'trainee', 'cross']],
  ['POST', '/v1/verify', {}, ['operator', 'supervisor', 'trainee', 'cross']],
  ['GET', '/v1/searches', undefined, ['operator', 'supervisor', 'auditor', 'cross']],
  ['POST', '/v1/searches/none/candidates/1/review', {}, ['operator', 'supervisor', 'cross']],
  ['GET', '/v1/registries/identities/records/none/report', undefined, ['auditor', 'supervisor']],
  ['GET', '/v1/audit', undefined, ['auditor']],
  ['POST', '/v1/audit/verify', undefined, ['auditor']],
];

test('role × endpoint matrix is enforced on the server', async () => {
  for (const [method, url, body, allowed] of MATRIX) {
    for (const who of ['admin', 'operator', 'supervisor', 'auditor', 'trainee', 'cross']) {
      const res = await r.call(who, method, url, body);
      if (allowed.includes(who)) assert.notEqual(res.json().code, 'FORBIDDEN', `${who} ${method} ${url}: ${res.body}`);
      else {
        assert.equal(res.statusCode, 403, `${who} ${method} ${url} should be refused`);
        assert.equal(res.json().code, 'FORBIDDEN');
      }
    }
  }
});

test('registry rights: the list says what each role may do', async () => {
  const list = (await r.call('trainee', 'GET', '/v1/registries')).json();
  const byId = Object.fromEntries(list.map((x: { id: string }) => [x.id, x]));
  assert.equal(byId.training.canSearch, true);
  assert.equal(byId.identities.canSearch, false);
  assert.deepEqual(Object.keys(byId).sort(), ['encounters', 'identities', 'training', 'travel-documents']);
  assert.equal(typeof byId['travel-documents'].fieldsSchema, 'object');
});

test('bad inputs give clear 4xx problem+json responses', async () => {
  const cases: [string, () => Promise<{ statusCode: number; json(): { code: string } ; headers: Record<string, unknown> }>, number, string][] = [
    ['wrong content type', () => r.app.inject({ method: 'POST', url: '/v1/search', headers: { authorization: `Bearer ${r.tokens.operator}`, 'content-type': 'text/plain' }, payload: 'hello' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['invalid JSON', () => r.app.inject({ method: 'POST', url: '/v1/search', headers: { authorization: `Bearer ${r.tokens.operator}`, 'content-type': 'application/json' }, payload: '{"registries":' }), 400, 'BAD_REQUEST'],
    ['oversized body', () => r.app.inject({ method: 'POST', url: '/v1/search', headers: { authorization: `Bearer ${r.tokens.operator}`, 'content-type': 'application/json' }, payload: JSON.stringify(search({ face: { image: 'A'.repeat(21 * 1024 * 1024) } })) }), 413, 'BODY_TOO_LARGE'],
    ['unknown registry', () => r.call('operator', 'POST', '/v1/search', search({ registries: ['nope'] })), 404, 'UNKNOWN_REGISTRY'],
    ['missing purpose', () => r.call('operator', 'POST', '/v1/search', { registries: ['identities'], caseRef: 'x', face: { image: img('FACE:x:1') } }), 400, 'VALIDATION_FAILED'],
    ['unknown field', () => r.call('operator', 'POST', '/v1/search', search({ colour: 'red' })), 400, 'VALIDATION_FAILED'],
    ['no probe', () => r.call('operator', 'POST', '/v1/search', search({ face: undefined })), 400, 'NO_PROBE'],
    ['corrupt image', () => r.call('operator', 'POST', '/v1/search', search({ face: { image: img('\u0000garbage') } })), 422, 'IMAGE_INVALID'],
    ['not base64', () => r.call('operator', 'POST', '/v1/search', search({ face: { image: '%%%not base64%%%' } })), 422, 'IMAGE_INVALID'],
    ['no face', () => r.call('operator', 'POST', '/v1/search', search({ face: { image: img('NOFACE') } })), 422, 'NO_FACE'],
    ['not a fingerprint', () => r.call('operator', 'POST', '/v1/search', search({ face: undefined, fingers: [{ position: 1, image: img('FACE:x:1') }] })), 422, 'NOT_A_FINGERPRINT'],
    ['finger position out of range', () => r.call('operator', 'POST', '/v1/search', search({ face: undefined, fingers: [{ position: 11, image: img('FINGER:x') }] })), 400, 'VALIDATION_FAILED'],
    ['face on a finger-only probe to a face-only registry', () => r.call('operator', 'POST', '/v1/search', search({ registries: ['travel-documents'], face: undefined, fingers: [{ image: img('FINGER:x') }] })), 400, 'MODALITY_NOT_SUPPORTED'],
    ['unknown route', () => r.call('operator', 'GET', '/v1/nothing-here'), 404, 'NOT_FOUND'],
    ['unknown record', () => r.call('operator', 'GET', '/v1/registries/identities/records/00000000-0000-0000-0000-000000000000'), 404, 'UNKNOWN_RECORD'],
  ];
  for (const [name, run, status, code] of cases) {
    const res = await run();
    assert.equal(res.statusCode, status, `${name}: ${JSON.stringify(res.json())}`);
    assert.equal(res.json().code, code, name);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, name);
  }
});

test('every error code is documented in docs/server.md', () => {
  const doc = readFileSync(new URL('../../../docs/server.md', import.meta.url), 'utf8');
  for (const code of Object.keys(ERRORS)) assert.ok(doc.includes(`\`${code}\``), `${code} is not documented`);
});

test('/openapi.json is generated from the same schemas that validate requests', async () => {
  const res = await r.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.match(doc.openapi, /^3\./);
  const searchBody = doc.paths['/v1/search'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(searchBody.required.sort(), ['caseRef', 'purpose', 'registries']);
  assert.ok(doc.paths['/v1/registries/{id}/records'].post);
  assert.ok(doc.paths['/v1/audit/verify'].post);
});

test('users: an admin creates users with roles; names are unique', async () => {
  const name = `new-${requestId().slice(-6)}`;
  const created = await r.call('admin', 'POST', '/v1/users', { username: name, password: 'long enough password', roles: ['operator'] });
  assert.equal(created.statusCode, 201, created.body);
  const again = await r.call('admin', 'POST', '/v1/users', { username: name, password: 'long enough password', roles: ['operator'] });
  assert.equal(again.json().code, 'USERNAME_TAKEN');
  const list = (await r.call('admin', 'GET', '/v1/users')).json();
  assert.ok(list.some((u: { username: string }) => u.username === name));
  assert.ok(!JSON.stringify(list).includes('argon2'), 'no password hashes');
  void identityFields;
});
