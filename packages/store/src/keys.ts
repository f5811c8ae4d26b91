// Master key loading. The master key (32 bytes) only wraps the data keys kept in data_keys;
// blobs are encrypted with a data key, so rotating keys never needs a new master key.
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { StoreError } from './types.ts';

export function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new StoreError('CONFIG', `${where}: master key must be 32 bytes of base64, got ${key.length} bytes`);
  return key;
}

export type MasterKeySource = { kind: 'option' } | { kind: 'env' } | { kind: 'file'; file: string };

export function masterKeySource(opts: { masterKey?: Uint8Array; keyFile?: string; dataDir: string; env?: NodeJS.ProcessEnv }): MasterKeySource {
  const env = opts.env ?? process.env;
  if (opts.masterKey) return { kind: 'option' };
  if (env.CANDOR_KEY) return { kind: 'env' };
  return { kind: 'file', file: opts.keyFile ?? env.CANDOR_KEY_FILE ?? join(opts.dataDir, 'keys', 'master.key') };
}

/** Suffix of a new master key written before the database is rewrapped (see rotateMasterKey). */
export const NEXT_SUFFIX = '.next';

/** Writes a key file (base64, mode 0600); fails if it exists. */
export function writeKeyFile(file: string, key: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

/** CANDOR_KEY (base64) if set; else the key file, created 0600 with a fresh random key on first start. */
export function loadMasterKey(opts: { masterKey?: Uint8Array; keyFile?: string; dataDir: string; env?: NodeJS.ProcessEnv }): Buffer {
  const env = opts.env ?? process.env;
  if (opts.masterKey) {
    if (opts.masterKey.length !== 32) throw new StoreError('CONFIG', 'masterKey must be 32 bytes');
    return Buffer.from(opts.masterKey);
  }
  if (env.CANDOR_KEY) return decodeKey(env.CANDOR_KEY, 'CANDOR_KEY');
  const file = opts.keyFile ?? env.CANDOR_KEY_FILE ?? join(opts.dataDir, 'keys', 'master.key');
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8'), file);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // Written to a private temp file, then hard-linked into place: link() fails if another process
  // won the race, and nobody ever reads a half-written key file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
    return key;
  } catch {
    return decodeKey(readFileSync(file, 'utf8'), file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
