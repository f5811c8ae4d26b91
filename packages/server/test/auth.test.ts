import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openScratchStore, rig, type Rig } from './helpers.ts';
import { totp } from '../src/totp.ts';
import { ensureFirstAdmin } from '../src/start.ts';

let r: Rig;
before(async () => { r = await rig(); });
after(async () => { await r.close(); });

test('every /v1 endpoint but login refuses a missing or unknown token with 401 problem+json', async () => {
  for (const [method, url] of [['GET', '/v1/me'], ['GET', '/v1/registries'], ['POST', '/v1/search'], ['GET', '/v1/audit']] as const) {
    const res = await r.call(null, method, url, method === 'POST' ? {} : undefined);
    assert.equal(res.statusCode, 401, url);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(res.json().code, 'UNAUTHENTICATED');
    const bad = await r.call('not-a-token', method, url, method === 'POST' ? {} : undefined);
    assert.equal(bad.statusCode, 401);
  }
});

test('login with a wrong password is refused; a right one returns a session that /v1/me knows', async () => {
  const bad = await r.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: r.users.operator, password: 'wrong password!' } });
  assert.equal(bad.statusCode, 401);
  assert.equal(bad.json().code, 'BAD_CREDENTIALS');
  const me = await r.call('operator', 'GET', '/v1/me');
  assert.equal(me.statusCode, 200);
  assert.deepEqual(me.json().roles, ['operator']);
  assert.equal(me.json().username, r.users.operator);
});

test('sessions are stored hashed: the token itself is nowhere in the store', async () => {
  const token = r.tokens.operator;
  const rows = await r.store.db.query<{ t: string }>("select row_to_json(s)::text as t from sessions s");
  assert.ok(rows.rows.length > 0);
  assert.ok(rows.rows.every((x) => !x.t.includes(token)));
});

test('logout ends the session', async () => {
  const login = await r.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: r.users.auditor, password: 'correct horse battery' } });
  const token = login.json().token;
  assert.equal((await r.call(token, 'POST', '/v1/auth/logout')).statusCode, 204);
  assert.equal((await r.call(token, 'GET', '/v1/me')).statusCode, 401);
});

test('TOTP: setup, confirm with a right code, then login needs the code', async () => {
  const setup = await r.call('supervisor', 'POST', '/v1/auth/totp/setup');
  assert.equal(setup.statusCode, 200);
  const { secret, otpauthUrl } = setup.json();
  assert.match(otpauthUrl, /^otpauth:\/\/totp\//);
  assert.equal((await r.call('supervisor', 'POST', '/v1/auth/totp/confirm', { code: '000000' === totp(secret) ? '111111' : '000000' })).json().code, 'TOTP_INVALID');
  assert.equal((await r.call('supervisor', 'POST', '/v1/auth/totp/confirm', { code: totp(secret) })).statusCode, 204);
  const creds = { username: r.users.supervisor, password: 'correct horse battery' };
  const noCode = await r.app.inject({ method: 'POST', url: '/v1/auth/login', payload: creds });
  assert.equal(noCode.statusCode, 401);
  assert.equal(noCode.json().code, 'TOTP_REQUIRED');
  const ok = await r.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { ...creds, totp: totp(secret) } });
  assert.equal(ok.statusCode, 200);
});

test('the first admin has a one-time password that only works to set a new one', async () => {
  // The rig already has users; a second, empty store shows first start.
  const scratch = await openScratchStore();
  const store = scratch.store;
  try {
    const pw = await ensureFirstAdmin(store);
    assert.ok(pw && pw.length >= 20);
    assert.equal(await ensureFirstAdmin(store), null, 'created once only');
    const { buildApp } = await import('../src/app.ts');
    const { Indexes } = await import('../src/indexes.ts');
    const app = await buildApp({ store, engines: {}, indexes: new Indexes({}), config: { sessionTtlMs: 60_000, webDir: null, purposes: [] } });
    const plain = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'admin', password: pw } });
    assert.equal(plain.statusCode, 403);
    assert.equal(plain.json().code, 'PASSWORD_CHANGE_REQUIRED');
    const set = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'admin', password: pw, newPassword: 'a much better password' } });
    assert.equal(set.statusCode, 200);
    assert.deepEqual(set.json().user.roles, ['admin']);
    const again = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'admin', password: pw } });
    assert.equal(again.statusCode, 401, 'the one-time password no longer works');
    const users = await app.inject({ method: 'GET', url: '/v1/users', headers: { authorization: `Bearer ${set.json().token}` } });
    assert.equal(users.statusCode, 200);
    await app.close();
  } finally { await scratch.close(); }
});

test('API tokens authenticate services with their own roles', async () => {
  const { token } = await r.store.apiTokens.create({ name: 'kiosk', roles: ['auditor'] });
  assert.equal((await r.call(token, 'GET', '/v1/audit')).statusCode, 200);
  assert.equal((await r.call(token, 'GET', '/v1/users')).statusCode, 403);
});
