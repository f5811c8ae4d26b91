import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPglite, openPostgres } from './db.ts';
import { lockFolder } from './folder-lock.ts';
import { loadMasterKey, masterKeySource, NEXT_SUFFIX, decodeKey, writeKeyFile, type MasterKeySource } from './keys.ts';
import { auditRepo } from './audit.ts';
import { migrate } from './migrate.ts';
import { makeRepos } from './repos.ts';
import { runRetention } from './retention.ts';
import { rotateKeys } from './rotate.ts';
import type { Db, Purpose, Store, StoreOptions } from './types.ts';
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
    const ephemeral = Boolean(options.memory && !options.masterKey && !env.CANDOR_KEY && !options.keyFile);
    const source = masterKeySource({ masterKey: options.masterKey, keyFile: options.keyFile, dataDir });
    const vault = await loadVault(db, ephemeral ? randomBytes(32) : loadMasterKey({ masterKey: options.masterKey, keyFile: options.keyFile, dataDir }),
      ephemeral ? null : source);
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
      rotateMasterKey: (opts = {}) => rotateMasterKey(db, vault, ephemeral ? null : source, opts),
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

/**
 * Loads the data keys. If the key file does not unwrap them but `<file>.next` does, a master key
 * rotation stopped between rewrapping and renaming: finish it.
 */
async function loadVault(db: Db, master: Buffer, source: MasterKeySource | null): Promise<Vault> {
  const vault = new Vault(master);
  try {
    await vault.load(db);
    return vault;
  } catch (e) {
    const next = source?.kind === 'file' ? source.file + NEXT_SUFFIX : null;
    if (!(e instanceof StoreError && e.code === 'CONFIG') || !next || !existsSync(next)) throw e;
    const recovered = new Vault(decodeKey(readFileSync(next, 'utf8'), next));
    await recovered.load(db);
    renameSync(next, (source as { file: string }).file);
    return recovered;
  }
}

async function rotateMasterKey(db: Db, vault: Vault, source: MasterKeySource | null, opts: { out?: string; actor?: string }) {
  const next = randomBytes(32);
  let pending: string | null = null;
  if (source?.kind === 'file') {
    pending = source.file + NEXT_SUFFIX;
    writeKeyFile(pending, next);
  } else if (source) {
    if (!opts.out) throw new StoreError('CONFIG', 'the master key comes from CANDOR_KEY or an option: give a file for the new key (--out)');
    writeKeyFile(opts.out, next);
  }
  let dataKeys: number;
  try {
    dataKeys = await db.transaction(async (tx) => {
      const n = await vault.rewrap(tx, next);
      await auditRepo(tx).append({ actor: opts.actor ?? 'keys', action: 'keys.rotate_master', details: { dataKeys: n } });
      return n;
    });
  } catch (e) {
    // Nothing changed in the database: the new key must not linger and be picked up later.
    const written = pending ?? opts.out;
    if (written) rmSync(written, { force: true });
    throw e;
  }
  vault.useMaster(next);
  if (source?.kind === 'file') renameSync(pending!, source.file);
  return { keyFile: source?.kind === 'file' ? source.file : (opts.out ?? null), dataKeys };
}
