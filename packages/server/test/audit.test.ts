import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rig, img, requestId, identityFields, type Rig } from './helpers.ts';

let r: Rig;
let victim: string;
before(async () => {
  r = await rig();
  // A user whose audit writes fail: a trigger scoped to that actor, so a shared database is unaffected.
  victim = `failclosed-${randomBytes(4).toString('hex')}`;
  await r.store.users.create({ username: victim, password: 'correct horse battery', roles: ['operator'] });
  const login = await r.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: victim, password: 'correct horse battery' } });
  r.tokens.victim = login.json().token;
  await r.store.db.query(`CREATE OR REPLACE FUNCTION fail_audit_${victim.replace(/-/g, '_')}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.actor = '${victim}' AND NEW.action LIKE 'search%' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END; $$`);
  await r.store.db.query(`CREATE TRIGGER fail_audit_${victim.replace(/-/g, '_')} BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit_${victim.replace(/-/g, '_')}()`);
  const res = await r.call('operator', 'POST', '/v1/registries/identities/records', { requestId: requestId(), fields: identityFields('frank'), face: { image: img('FACE:frank:e') } });
  assert.equal(res.statusCode, 201);
});
after(async () => {
  await r.store.db.query(`DROP TRIGGER IF EXISTS fail_audit_${victim.replace(/-/g, '_')} ON audit_log`);
  await r.close();
});

test('fail closed: when the audit write fails the search fails with 5xx, returns no candidates and stores nothing', async () => {
  const before = await r.store.searches.list({ limit: 100000 });
  const res = await r.call('victim', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'FC-1', face: { image: img('FACE:frank:probe') } });
  assert.equal(res.statusCode, 503);
  assert.equal(res.json().code, 'AUDIT_FAILED');
  assert.equal(res.json().candidates, undefined);
  assert.doesNotMatch(res.body, /frank/);
  const after = await r.store.searches.list({ limit: 100000 });
  assert.equal(after.length, before.length, 'the search row rolled back with the audit entry');
  // The same search by a user whose audit works succeeds: the failure was the audit write.
  const ok = await r.call('operator', 'POST', '/v1/search', { registries: ['identities'], purpose: 'identity-check', caseRef: 'FC-1', face: { image: img('FACE:frank:probe') } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().candidates.length, 1);
});

test('the audit log verifies, and tampering with an entry is visible through /v1/audit/verify', async () => {
  const ok = await r.call('auditor', 'POST', '/v1/audit/verify');
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().ok, true, ok.body);
  const entries = (await r.call('auditor', 'GET', '/v1/audit?limit=1000')).json();
  assert.ok(entries.length > 0);
  const target = entries[entries.length - 1];
  // What someone with database owner rights could do: switch the append-only trigger off and edit.
  const edit = async (actor: string) => r.store.db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await tx.query('UPDATE audit_log SET actor = $2 WHERE seq = $1', [target.seq, actor]);
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  });
  await edit('somebody-else');
  try {
    const bad = (await r.call('auditor', 'POST', '/v1/audit/verify')).json();
    assert.equal(bad.ok, false);
    assert.equal(Number(bad.firstBadSeq), Number(target.seq));
  } finally {
    await edit(target.actor); // restore, for a shared database
  }
  assert.equal((await r.call('auditor', 'POST', '/v1/audit/verify')).json().ok, true);
});

test('the audit log holds no biometric data: no template or image bytes in any entry', async () => {
  const entries = (await r.call('auditor', 'GET', '/v1/audit?limit=1000')).json();
  const text = JSON.stringify(entries);
  assert.doesNotMatch(text, new RegExp(img('FACE:frank:probe')));
  assert.doesNotMatch(text, /FACE:frank/);
});
