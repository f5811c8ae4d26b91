import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/index.ts';
import { loadMigrations, migrate } from '../src/migrate.ts';
import { onPostgres, testPlace } from './helpers.ts';

test('migrations apply once; reopening keeps data and the key file', async () => {
  const place = await testPlace();
  try {
    const first = await openStore(place.options);
    const applied = (await first.db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')).rows.map((r) => Number(r.id));
    assert.deepEqual(applied, loadMigrations().map((m) => m.id));
    assert.deepEqual(await migrate(first.db), [], 'second run applies nothing');
    const user = await first.users.create({ username: 'ann', password: 'correct horse', roles: ['operator'] });
    await first.users.setTotp(user.id, 'JBSWY3DPEHPK3PXP', true);
    await first.close();

    const keyFile = join(place.options.dataDir!, 'keys', 'master.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'key file is private');

    const again = await openStore(place.options);
    try {
      const rows = await again.db.query('SELECT id FROM schema_migrations');
      assert.equal(rows.rows.length, loadMigrations().length, 'no migration recorded twice');
      assert.equal((await again.users.findByName('ann'))?.totpEnabled, true);
      assert.equal(await again.users.getTotpSecret(user.id), 'JBSWY3DPEHPK3PXP', 'same key file decrypts');
      assert.ok((await again.purposes.list()).length > 0, 'default purposes seeded');
    } finally {
      await again.close();
    }
  } finally {
    await place.cleanup();
  }
});

test('a different master key is refused instead of misreading data', async () => {
  const place = await testPlace();
  try {
    const s = await openStore(place.options);
    await s.close();
    await assert.rejects(openStore({ ...place.options, masterKey: new Uint8Array(32).fill(7) }), /master key does not match/);
  } finally {
    await place.cleanup();
  }
});

test('two processes starting at once: PostgreSQL migrates once, PGlite refuses the second', async () => {
  const place = await testPlace();
  try {
    const results = await Promise.allSettled([openStore(place.options), openStore(place.options)]);
    const opened = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof openStore>>>).value);
    try {
      if (onPostgres) {
        assert.equal(opened.length, 2);
        const ids = (await opened[0].db.query<{ id: number }>('SELECT id FROM schema_migrations')).rows;
        assert.equal(ids.length, loadMigrations().length);
        const keys = (await opened[0].db.query('SELECT id FROM data_keys')).rows;
        assert.equal(keys.length, 1, 'one data key, not one per process');
      } else {
        assert.equal(opened.length, 1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.match(String(refused.reason), /already open/);
      }
    } finally {
      for (const s of opened) await s.close();
    }
  } finally {
    await place.cleanup();
  }
});
