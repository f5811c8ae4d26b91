// Bulk load of a synthetic gallery into the store (for `candor bench search`): records, samples and
// encrypted templates written with multi-row INSERTs (unnest of arrays, one transaction per batch)
// instead of one enrolment transaction per record, which would take hours at 1M. Rows look like what
// enrolment writes (the same tables, the store's AES-GCM data key and contexts), so the server loads
// them through its normal start-up path (`loadIndexes` over `records.iterateTemplates`). There is no
// audit entry per synthetic record: they are bench data, never enrolled by anyone.
import { randomUUID } from 'node:crypto';
import type { Store } from './types.ts';
import { Vault } from './vault.ts';
import { SAMPLE_CONTEXT, TEMPLATE_CONTEXT } from './repos/records.ts';

export interface SyntheticRecord {
  recordId: string;
  face?: Uint8Array;                                   // one face template
  fingers?: { position: number; data: Uint8Array }[];  // ten-print templates
}

export interface BulkWriter {
  write(batch: SyntheticRecord[]): Promise<void>;
}

/** A writer that seals and inserts batches; the key is the one the store was opened with. */
export async function bulkWriter(store: Store, opts: { registryId: string; masterKey: Buffer; faceModelId: string; fingerModelId: string }): Promise<BulkWriter> {
  const vault = new Vault(opts.masterKey);
  await vault.load(store.db);
  // Synthetic samples have no photo; a sealed placeholder keeps the NOT NULL image column honest.
  const placeholder = () => vault.encrypt64(new Uint8Array(0), SAMPLE_CONTEXT);
  return {
    async write(batch) {
      const rec: string[] = [];
      const s = { id: [] as string[], record: [] as string[], modality: [] as string[], position: [] as (number | null)[], image: [] as string[] };
      const t = { id: [] as string[], record: [] as string[], sample: [] as string[], modality: [] as string[], position: [] as (number | null)[], model: [] as string[], data: [] as string[] };
      const sample = (recordId: string, modality: 'face' | 'finger', position: number | null, data: Uint8Array, model: string) => {
        const sid = randomUUID();
        s.id.push(sid); s.record.push(recordId); s.modality.push(modality); s.position.push(position); s.image.push(placeholder());
        t.id.push(randomUUID()); t.record.push(recordId); t.sample.push(sid); t.modality.push(modality); t.position.push(position);
        t.model.push(model); t.data.push(vault.encrypt64(data, TEMPLATE_CONTEXT));
      };
      for (const r of batch) {
        rec.push(r.recordId);
        if (r.face) sample(r.recordId, 'face', null, r.face, opts.faceModelId);
        for (const f of r.fingers ?? []) sample(r.recordId, 'finger', f.position, f.data, opts.fingerModelId);
      }
      await store.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO records (id, registry_id, fields) SELECT id, $2, '{}'::jsonb FROM unnest($1::uuid[]) AS id`, [rec, opts.registryId]);
        await tx.query(
          `INSERT INTO samples (id, record_id, modality, position, image)
           SELECT id, rid, m, p, decode(img, 'base64') FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::smallint[], $5::text[]) AS u(id, rid, m, p, img)`,
          [s.id, s.record, s.modality, s.position, s.image]);
        await tx.query(
          `INSERT INTO templates (id, record_id, sample_id, modality, position, model_id, data)
           SELECT id, rid, sid, m, p, mo, decode(d, 'base64') FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::smallint[], $6::text[], $7::text[]) AS u(id, rid, sid, m, p, mo, d)`,
          [t.id, t.record, t.sample, t.modality, t.position, t.model, t.data]);
      });
    },
  };
}
