import { randomUUID } from 'node:crypto';
import { auditRepo } from '../audit.ts';
import { plainJson } from '../canonical.ts';
import { params } from '../params.ts';
import type { Alert, Db, Encounter, Modality, RecordRow, RecordsRepo, SampleCapture, SampleInfo, StoredTemplate } from '../types.ts';
import { StoreError } from '../types.ts';
import type { Vault } from '../vault.ts';

export const SAMPLE_CONTEXT = 'samples.image';
export const TEMPLATE_CONTEXT = 'templates.data';

type Row = { id: string; registry_id: string; fields: Record<string, unknown>; created_by: string | null; request_id: string | null; created_at: Date };
const toRecord = (r: Row): RecordRow => ({ id: r.id, registryId: r.registry_id, fields: r.fields ?? {}, createdBy: r.created_by, requestId: r.request_id, createdAt: new Date(r.created_at) });
type SampleRow = { id: string; record_id: string; modality: Modality; position: number | null; quality: number | null; mime: string | null; dpi: number | null; capture: SampleCapture | null; created_at: Date };
const toSample = (r: SampleRow): SampleInfo => ({ id: r.id, recordId: r.record_id, modality: r.modality, position: r.position, quality: r.quality, mime: r.mime, dpi: r.dpi, capture: r.capture ?? null, createdAt: new Date(r.created_at) });
const SAMPLE_COLS = 'id, record_id, modality, position, quality, mime, dpi, capture, created_at';
type AlertRow = { id: string; record_id: string; reason: string; source: string; expires_at: Date | null; created_at: Date };
const toAlert = (r: AlertRow): Alert => ({ id: r.id, recordId: r.record_id, reason: r.reason, source: r.source, expiresAt: r.expires_at ? new Date(r.expires_at) : null, createdAt: new Date(r.created_at) });
type EncounterRow = { id: string; record_id: string; at: Date; place: string | null; notes: string | null; created_by: string | null };
const toEncounter = (r: EncounterRow): Encounter => ({ id: r.id, recordId: r.record_id, at: new Date(r.at), place: r.place, notes: r.notes, createdBy: r.created_by });

function isUuid(s: string): boolean { return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s); }

export function recordsRepo(db: Db, vault: Vault): RecordsRepo {
  return {
    enrol: (input) => db.transaction(async (tx) => {
      const requestId = input.requestId ?? null;
      const existing = async () => {
        const r = (await tx.query<Row>('SELECT * FROM records WHERE registry_id = $1 AND request_id = $2', [input.registryId, requestId])).rows[0];
        if (!r) return null;
        const ids = (await tx.query<{ id: string }>('SELECT id FROM samples WHERE record_id = $1 ORDER BY created_at, id', [r.id])).rows.map((s) => s.id);
        return { record: toRecord(r), created: false, sampleIds: ids };
      };
      if (requestId !== null) {
        const found = await existing();
        if (found) return found;
      }
      if ((await tx.query('SELECT 1 FROM registries WHERE id = $1', [input.registryId])).rows.length === 0) {
        throw new StoreError('NOT_FOUND', `no registry ${input.registryId}`);
      }
      // ON CONFLICT: a concurrent enrolment with the same request id waits for the other to commit,
      // then inserts nothing; the caller gets the record that won.
      const ins = await tx.query<Row>(
        `INSERT INTO records (id, registry_id, fields, created_by, request_id) VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (registry_id, request_id) DO NOTHING RETURNING *`,
        [randomUUID(), input.registryId, JSON.stringify(plainJson(input.fields)), input.createdBy ?? null, requestId]);
      if (ins.rows.length === 0) return (await existing())!;
      const record = toRecord(ins.rows[0]);
      const sampleIds: string[] = [];
      for (const s of input.samples) {
        if (s.modality === 'finger' && !(Number.isInteger(s.position) && s.position! >= 1 && s.position! <= 10)) {
          throw new StoreError('INVALID', 'finger samples need a position 1..10');
        }
        const sampleId = randomUUID();
        await tx.query(
          `INSERT INTO samples (id, record_id, modality, position, image, mime, dpi, quality, capture) VALUES ($1, $2, $3, $4, decode($5, 'base64'), $6, $7, $8, $9)`,
          [sampleId, record.id, s.modality, s.position ?? null, vault.encrypt64(s.image, SAMPLE_CONTEXT), s.mime ?? null, s.dpi ?? null, s.quality ?? null, s.capture ?? null]);
        for (const t of s.templates) {
          await tx.query(
            `INSERT INTO templates (id, record_id, sample_id, modality, position, model_id, data) VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'))`,
            [randomUUID(), record.id, sampleId, s.modality, s.position ?? null, t.modelId, vault.encrypt64(t.data, TEMPLATE_CONTEXT)]);
        }
        sampleIds.push(sampleId);
      }
      await auditRepo(tx).append({
        actor: input.actor ?? input.createdBy ?? 'system', action: 'record.enrol',
        subjects: { registryId: input.registryId, recordId: record.id },
        details: { requestId, samples: input.samples.map((s) => ({ modality: s.modality, position: s.position ?? null })) },
      });
      return { record, created: true, sampleIds };
    }),

    async get(id) {
      if (!isUuid(id)) return null;
      const r = (await db.query<Row>('SELECT * FROM records WHERE id = $1', [id])).rows[0];
      if (!r) return null;
      const [alerts, encounters, samples] = await Promise.all([
        db.query<AlertRow>('SELECT * FROM alerts WHERE record_id = $1 ORDER BY created_at', [id]),
        db.query<EncounterRow>('SELECT * FROM encounters WHERE record_id = $1 ORDER BY at', [id]),
        db.query<SampleRow>(`SELECT ${SAMPLE_COLS} FROM samples WHERE record_id = $1 ORDER BY created_at, id`, [id]),
      ]);
      return { ...toRecord(r), alerts: alerts.rows.map(toAlert), encounters: encounters.rows.map(toEncounter), samples: samples.rows.map(toSample) };
    },

    async list(registryId, opts = {}) {
      const r = await db.query<Row>(
        `SELECT * FROM records WHERE registry_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
        [registryId, opts.afterId ?? null, Math.min(opts.limit ?? 100, 10_000)]);
      return r.rows.map(toRecord);
    },

    async count(registryId) {
      const r = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM records WHERE $1::text IS NULL OR registry_id = $1', [registryId ?? null]);
      return Number(r.rows[0].n);
    },

    async getSampleImage(sampleId) {
      if (!isUuid(sampleId)) return null;
      const r = (await db.query<SampleRow & { image: string }>(`SELECT ${SAMPLE_COLS}, encode(image, 'base64') AS image FROM samples WHERE id = $1`, [sampleId])).rows[0];
      return r ? { info: toSample(r), image: new Uint8Array(vault.decrypt(r.image, SAMPLE_CONTEXT)) } : null;
    },

    async *iterateTemplates(filter = {}, batchSize = params.templateBatchSize) {
      let after: string | null = null;
      for (;;) {
        const rows: (StoredRow)[] = (await db.query<StoredRow>(
          `SELECT t.id, t.record_id, r.registry_id, t.sample_id, t.modality, t.position, t.model_id, encode(t.data, 'base64') AS data
             FROM templates t JOIN records r ON r.id = t.record_id
            WHERE ($1::uuid IS NULL OR t.id > $1::uuid)
              AND ($2::text[] IS NULL OR r.registry_id = ANY($2::text[]))
              AND ($3::text IS NULL OR t.modality = $3)
              AND ($4::text IS NULL OR t.model_id = $4)
            ORDER BY t.id LIMIT $5`,
          [after, filter.registryIds ?? null, filter.modality ?? null, filter.modelId ?? null, batchSize])).rows;
        if (rows.length === 0) return;
        yield rows.map((t): StoredTemplate => ({
          id: t.id, recordId: t.record_id, registryId: t.registry_id, sampleId: t.sample_id, modality: t.modality,
          position: t.position, modelId: t.model_id, data: new Uint8Array(vault.decrypt(t.data, TEMPLATE_CONTEXT)),
        }));
        after = rows[rows.length - 1].id;
        if (rows.length < batchSize) return;
      }
    },

    replaceTemplate: (input) => db.transaction(async (tx) => {
      if (!isUuid(input.templateId)) return false;
      const r = await tx.query<{ record_id: string }>(
        `UPDATE templates SET data = decode($2, 'base64'), model_id = $3 WHERE id = $1 RETURNING record_id`,
        [input.templateId, vault.encrypt64(input.data, TEMPLATE_CONTEXT), input.modelId]);
      if (r.rows.length === 0) return false;
      await auditRepo(tx).append({ actor: input.actor, action: 'template.replace', subjects: { recordId: r.rows[0].record_id, templateId: input.templateId }, details: { reason: input.reason } });
      return true;
    }),

    addAlert: (input) => db.transaction(async (tx) => {
      const r = await tx.query<AlertRow>(
        'INSERT INTO alerts (id, record_id, reason, source, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [randomUUID(), input.recordId, input.reason, input.source, input.expiresAt ?? null]);
      await auditRepo(tx).append({ actor: input.actor ?? 'system', action: 'record.alert', subjects: { recordId: input.recordId, alertId: r.rows[0].id }, details: { source: input.source } });
      return toAlert(r.rows[0]);
    }),

    async addEncounter(input) {
      const r = await db.query<EncounterRow>(
        'INSERT INTO encounters (id, record_id, at, place, notes, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [randomUUID(), input.recordId, input.at ?? new Date(), input.place ?? null, input.notes ?? null, input.createdBy ?? null]);
      return toEncounter(r.rows[0]);
    },
  };
}

type StoredRow = { id: string; record_id: string; registry_id: string; sample_id: string; modality: Modality; position: number | null; model_id: string; data: string };
