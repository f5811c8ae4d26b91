import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/index.ts';
import { StoreError } from '../src/index.ts';
import { openTestStore, seedRegistry } from './helpers.ts';

let store: Store;
let done: () => Promise<void>;
before(async () => { ({ store, done } = await openTestStore()); });
after(() => done());

test('users: argon2 passwords, roles, disable, encrypted TOTP', async () => {
  const u = await store.users.create({ username: 'bob', password: 'long passphrase 1', roles: ['operator', 'supervisor'] });
  await assert.rejects(store.users.create({ username: 'bob', password: 'x', roles: [] }), (e: unknown) => e instanceof StoreError && e.code === 'CONFLICT');
  const hash = (await store.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [u.id])).rows[0].password_hash;
  assert.match(hash, /^\$argon2id\$/);
  assert.equal((await store.users.checkPassword('bob', 'long passphrase 1'))?.id, u.id);
  assert.equal(await store.users.checkPassword('bob', 'wrong'), null);
  assert.equal(await store.users.checkPassword('nobody', 'x'), null);
  await store.users.setTotp(u.id, 'JBSWY3DPEHPK3PXP', false);
  assert.equal((await store.users.get(u.id))?.totpEnabled, false, 'pending until confirmed');
  const raw = (await store.db.query<{ totp_secret: Uint8Array }>('SELECT totp_secret FROM users WHERE id = $1', [u.id])).rows[0].totp_secret;
  assert.ok(!Buffer.from(raw).toString('latin1').includes('JBSWY3DP'));
  await store.users.setTotp(u.id, 'JBSWY3DPEHPK3PXP', true);
  assert.equal(await store.users.getTotpSecret(u.id), 'JBSWY3DPEHPK3PXP');
  await store.users.setRoles(u.id, ['auditor']);
  assert.deepEqual((await store.users.findByName('bob'))?.roles, ['auditor']);
  await store.users.setDisabled(u.id, true);
  assert.equal(await store.users.checkPassword('bob', 'long passphrase 1'), null);
  await store.users.setDisabled(u.id, false);
  assert.ok((await store.users.list()).some((x) => x.username === 'bob'));
  await assert.rejects(store.users.setRoles('00000000-0000-4000-8000-000000000000', []), (e: unknown) => e instanceof StoreError && e.code === 'NOT_FOUND');
});

test('sessions and API tokens: only hashes stored, expiry and revocation honoured', async () => {
  const u = await store.users.create({ username: 'carol', password: 'pw pw pw pw', roles: ['operator'] });
  const { token, session } = await store.sessions.create(u.id, 60_000);
  const stored = (await store.db.query<{ token_hash: Uint8Array }>('SELECT token_hash FROM sessions WHERE id = $1', [session.id])).rows[0].token_hash;
  assert.equal(stored.length, 32);
  assert.ok(!Buffer.from(stored).toString('latin1').includes(token));
  assert.equal((await store.sessions.findValid(token))?.user.username, 'carol');
  assert.equal(await store.sessions.findValid(token, new Date(Date.now() + 120_000)), null, 'expired');
  assert.equal(await store.sessions.findValid(token + 'x'), null);
  await store.users.setDisabled(u.id, true);
  assert.equal(await store.sessions.findValid(token), null, 'disabled user');
  await store.users.setDisabled(u.id, false);
  await store.sessions.delete(token);
  assert.equal(await store.sessions.findValid(token), null, 'logged out');
  await store.sessions.create(u.id, -1);
  assert.equal(await store.sessions.deleteExpired(), 1);

  const t = await store.apiTokens.create({ name: 'ingest', roles: ['operator'] });
  assert.equal((await store.apiTokens.findValid(t.token))?.name, 'ingest');
  await store.apiTokens.revoke(t.apiToken.id);
  assert.equal(await store.apiTokens.findValid(t.token), null);
  assert.equal((await store.apiTokens.list()).length, 1);
});

test('registries, purposes, reviews, subject report and duplicate flags', async () => {
  await seedRegistry(store, 'missing');
  const reg = await store.registries.upsert({ id: 'missing', kind: 'missing', name: 'Missing persons', fieldsSchema: { type: 'object' }, modalities: ['face'], training: false, targetFmr: 1e-5, searchRoles: ['operator'], readRoles: ['supervisor'] });
  assert.equal(reg.name, 'Missing persons');
  assert.equal((await store.registries.get('missing'))?.targetFmr, 1e-5);
  assert.deepEqual((await store.registries.list()).map((r) => r.id), ['missing']);

  await store.purposes.upsert({ id: 'drill', label: 'Drill' });
  assert.ok((await store.purposes.list()).some((p) => p.id === 'drill'));
  await store.purposes.remove('drill');
  assert.ok(!(await store.purposes.list()).some((p) => p.id === 'drill'));

  const a = (await store.records.enrol({ registryId: 'missing', fields: { name: 'A' }, samples: [] })).record.id;
  const b = (await store.records.enrol({ registryId: 'missing', fields: { name: 'B' }, samples: [] })).record.id;
  const op = await store.users.create({ username: 'dave', password: 'pw pw pw pw', roles: ['operator'] });
  const s1 = await store.searches.create({ userId: op.id, actor: 'dave', purpose: 'missing-person', caseRef: 'MP-1', registryIds: ['missing'], modalities: ['face'],
    candidates: [{ rank: 1, registryId: 'missing', recordId: a, score: 0.9, fmr: 1e-7, contributions: {} }, { rank: 2, registryId: 'missing', recordId: b, score: 0.5, fmr: 1e-3, contributions: {} }] });
  const s2 = await store.searches.create({ userId: op.id, actor: 'dave', purpose: 'identity-check', caseRef: 'IC-9', registryIds: ['missing'], modalities: ['face'],
    candidates: [{ rank: 1, registryId: 'missing', recordId: b, score: 0.6, fmr: 1e-4, contributions: {} }] });
  const review = await store.reviews.add({ searchId: s1.id, rank: 1, reviewerId: op.id, reviewer: 'dave', decision: 'confirmed', reason: 'documents' });
  assert.equal(review.decision, 'confirmed');
  await assert.rejects(store.reviews.add({ searchId: s1.id, rank: 9, reviewerId: null, reviewer: 'x', decision: 'rejected', reason: '' }), (e: unknown) => e instanceof StoreError && e.code === 'NOT_FOUND');
  const got = await store.searches.get(s1.id);
  assert.deepEqual(got?.candidates.map((c) => c.recordId), [a, b]);
  assert.equal(got?.reviews[0].reason, 'documents');
  assert.deepEqual((await store.searches.list({ userId: op.id })).map((s) => s.id).sort(), [s1.id, s2.id].sort());

  const report = await store.subjectReport(b);
  assert.deepEqual(report.map((r) => [r.caseRef, r.rank]).sort(), [['IC-9', 1], ['MP-1', 2]]);
  assert.equal(report[0].actor, 'dave');
  const reportA = await store.subjectReport(a);
  assert.equal(reportA[0].reviews[0].decision, 'confirmed');

  const flag = await store.duplicates.flag({ recordId: b, otherRecordId: a, score: 0.8, fmr: 1e-6 });
  assert.equal((await store.duplicates.list({ status: 'open' }))[0].id, flag.id);
  const resolved = await store.duplicates.resolve(flag.id, { status: 'different_person', resolvedBy: 'sup' });
  assert.equal(resolved.status, 'different_person');
  assert.equal((await store.duplicates.list({ status: 'open' })).length, 0);
  await assert.rejects(store.duplicates.resolve(flag.id, { status: 'same_person', resolvedBy: 'sup' }), (e: unknown) => e instanceof StoreError && e.code === 'NOT_FOUND');
  assert.equal((await store.verifyAudit()).ok, true);
});
