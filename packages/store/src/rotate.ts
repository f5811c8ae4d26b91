// Key rotation: a new data key becomes current (older ones are marked retired but kept, so blobs a
// still-running process writes with an old key stay readable), then every encrypted column is
// re-encrypted in batches, each batch one transaction with its rows locked. Running it again sweeps
// any blob written with a retired key meanwhile.
import { auditRepo } from './audit.ts';
import { params } from './params.ts';
import { PROBE_CONTEXT } from './repos/searches.ts';
import { SAMPLE_CONTEXT, TEMPLATE_CONTEXT } from './repos/records.ts';
import type { Db, RotationResult } from './types.ts';
import { blobKeyId, type Vault } from './vault.ts';

/** Every encrypted column: table, column, AES-GCM context. */
export const ENCRYPTED_COLUMNS = [
  { table: 'users', column: 'totp_secret', context: 'users.totp_secret' },
  { table: 'samples', column: 'image', context: SAMPLE_CONTEXT },
  { table: 'templates', column: 'data', context: TEMPLATE_CONTEXT },
  { table: 'searches', column: 'probe', context: PROBE_CONTEXT },
] as const;

export async function rotateKeys(db: Db, vault: Vault, opts: { batchSize?: number; actor?: string } = {}): Promise<RotationResult> {
  const batch = opts.batchSize ?? params.rotationBatchSize;
  const before = vault.keyIds;
  const newKeyId = await db.transaction(async (tx) => {
    await tx.query('LOCK TABLE data_keys IN EXCLUSIVE MODE');
    const id = await vault.addKey(tx);
    await tx.query('UPDATE data_keys SET retired_at = now() WHERE id <> $1 AND retired_at IS NULL', [id]);
    return id;
  });
  const reencrypted: Record<string, number> = {};
  for (const { table, column, context } of ENCRYPTED_COLUMNS) {
    let after: string | null = null;
    let n = 0;
    for (;;) {
      const last: string | null = await db.transaction(async (tx) => {
        const rows = (await tx.query<{ id: string; blob: string }>(
          `SELECT id, encode(${column}, 'base64') AS blob FROM ${table} WHERE ${column} IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid)
            ORDER BY id LIMIT $2 FOR UPDATE`, [after, batch])).rows;
        const ids: string[] = [];
        const blobs: string[] = [];
        for (const r of rows) {
          // The key id sits in the first bytes; 360 base64 chars cover the longest possible prefix.
          if (blobKeyId(Buffer.from(r.blob.slice(0, 360), 'base64')) === newKeyId) continue;
          ids.push(r.id);
          blobs.push(vault.encrypt64(vault.decrypt(r.blob, context), context));
        }
        if (ids.length > 0) {
          // One statement per batch: row-by-row updates dominate the cost on PGlite.
          await tx.query(
            `UPDATE ${table} AS t SET ${column} = decode(v.b, 'base64') FROM unnest($1::uuid[], $2::text[]) AS v(id, b) WHERE t.id = v.id`,
            [ids, blobs]);
          n += ids.length;
        }
        return rows.length === batch ? rows[rows.length - 1].id : null;
      });
      if (last === null) break;
      after = last;
    }
    reencrypted[`${table}.${column}`] = n;
  }
  await auditRepo(db).append({ actor: opts.actor ?? 'keys', action: 'keys.rotate', subjects: { keyId: newKeyId }, details: { retiredKeyIds: before, reencrypted } });
  return { newKeyId, retiredKeyIds: before, reencrypted };
}

/** How many blobs each key still encrypts (to check that nothing uses a retired key). */
export async function blobsPerKey(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const rows = (await db.query<{ k: string; n: string | number }>(
      `SELECT convert_from(substring(${column} from 3 for get_byte(${column}, 1)), 'SQL_ASCII') AS k, count(*) AS n
         FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1`)).rows;
    for (const r of rows) out[r.k] = (out[r.k] ?? 0) + Number(r.n);
  }
  return out;
}
