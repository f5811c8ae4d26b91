import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPglite, openPostgres } from './db.ts';
import { lockFolder } from './folder-lock.ts';
import { loadMasterKey } from './keys.ts';
import { migrate } from './migrate.ts';
import { makeRepos } from './repos.ts';
import { runRetention } from './retention.ts';
import { rotateKeys } from './rotate.ts';
import type { Purpose, Store, StoreOptions } from './types.ts';
import { StoreError } from './types.ts';
import { Vault } from './vault.ts';

export const DEFAULT_PURPOSES: Purpose[] = [
  { id: 'identity-check', label: 'Identity check of a person who cannot be identified otherwise' },
  { id: 'missing-person', label: 'Missing or vulnerable person' },
  { id: 'wanted-person', label: 'Wanted person (warrant)' },
  { id: 'deceased', label: 'Identification of a deceased person' },
];

/** Opens the store: connects, applies pending migrations, loads keys. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const env = process.env;
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL ?? '';
  const dataDir = resolve(options.dataDir ?? env.CANDOR_DATA_DIR ?? './data');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new StoreError('CONFIG', 'DATABASE_URL must start with postgres://');
  const pgliteDir = databaseUrl || options.memory ? null : join(dataDir, 'pglite');
  let release = () => {};
  if (pgliteDir) {
    mkdirSync(pgliteDir, { recursive: true });
    release = lockFolder(pgliteDir);
  }
  let db;
  try {
    db = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(pgliteDir);
  } catch (e) {
    release();
    throw e;
  }
  try {
    await migrate(db);
    // An in-memory database lives only as long as the process: a throwaway key is enough.
    const master = options.memory && !options.masterKey && !env.CANDOR_KEY && !options.keyFile
      ? randomBytes(32)
      : loadMasterKey({ masterKey: options.masterKey, keyFile: options.keyFile, dataDir });
    const vault = new Vault(master);
    await vault.load(db);
    const repos = makeRepos(db, vault);
    if ((await repos.purposes.list()).length === 0) {
      for (const p of options.defaultPurposes ?? DEFAULT_PURPOSES) await repos.purposes.upsert(p);
    }
    return {
      ...repos,
      dataDir,
      transaction: (fn) => db.transaction((tx) => fn(makeRepos(tx, vault))),
      verifyAudit: () => repos.audit.verify(),
      runRetention: (now, opts) => runRetention(db, now, opts),
      rotateKeys: (opts) => rotateKeys(db, vault, opts),
      close: async () => {
        try { await db.close(); } finally { release(); }
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    release();
    throw e;
  }
}
