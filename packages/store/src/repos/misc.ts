// Small repositories: duplicate flags, training log, purposes.
import { randomUUID } from 'node:crypto';
import { auditRepo } from '../audit.ts';
import { plainJson } from '../canonical.ts';
import type { Db, DuplicateFlag, DuplicatesRepo, PurposesRepo, TrainingLogEntry, TrainingLogRepo } from '../types.ts';
import { StoreError } from '../types.ts';

type FlagRow = { id: string; record_id: string; other_record_id: string; score: number; fmr: number; status: DuplicateFlag['status']; created_at: Date; resolved_by: string | null; resolved_at: Date | null };
const toFlag = (r: FlagRow): DuplicateFlag => ({
  id: r.id, recordId: r.record_id, otherRecordId: r.other_record_id, score: Number(r.score), fmr: Number(r.fmr), status: r.status,
  createdAt: new Date(r.created_at), resolvedBy: r.resolved_by, resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
});

export function duplicatesRepo(db: Db): DuplicatesRepo {
  return {
    async flag(i) {
      const r = await db.query<FlagRow>(
        'INSERT INTO duplicate_flags (id, record_id, other_record_id, score, fmr) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [randomUUID(), i.recordId, i.otherRecordId, i.score, i.fmr]);
      return toFlag(r.rows[0]);
    },
    async list(opts = {}) {
      const r = await db.query<FlagRow>(
        'SELECT * FROM duplicate_flags WHERE $1::text IS NULL OR status = $1 ORDER BY created_at, id LIMIT $2',
        [opts.status ?? null, Math.min(opts.limit ?? 100, 10_000)]);
      return r.rows.map(toFlag);
    },
    resolve: (id, i) => db.transaction(async (tx) => {
      const r = await tx.query<FlagRow>(
        `UPDATE duplicate_flags SET status = $2, resolved_by = $3, resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING *`,
        [id, i.status, i.resolvedBy]);
      if (r.rows.length === 0) throw new StoreError('NOT_FOUND', 'no open duplicate flag with that id');
      const f = toFlag(r.rows[0]);
      await auditRepo(tx).append({ actor: i.resolvedBy, action: 'duplicate.resolve', subjects: { flagId: id, recordIds: [f.recordId, f.otherRecordId] }, details: { status: i.status } });
      return f;
    }),
  };
}

type TrainRow = { id: string; at: Date; actor: string; action: string; search_id: string | null; details: Record<string, unknown> };
const toTrain = (r: TrainRow): TrainingLogEntry => ({ id: r.id, at: new Date(r.at), actor: r.actor, action: r.action, searchId: r.search_id, details: r.details ?? {} });

export function trainingLogRepo(db: Db): TrainingLogRepo {
  return {
    async append(i) {
      const r = await db.query<TrainRow>(
        'INSERT INTO training_log (id, actor, action, search_id, details) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING *',
        [randomUUID(), i.actor, i.action, i.searchId ?? null, JSON.stringify(plainJson(i.details ?? {}))]);
      return toTrain(r.rows[0]);
    },
    async list(opts = {}) {
      const r = await db.query<TrainRow>(
        'SELECT * FROM training_log WHERE $1::text IS NULL OR actor = $1 ORDER BY at DESC, id LIMIT $2',
        [opts.actor ?? null, Math.min(opts.limit ?? 100, 10_000)]);
      return r.rows.map(toTrain);
    },
  };
}

export function purposesRepo(db: Db): PurposesRepo {
  return {
    list: async () => (await db.query<{ id: string; label: string }>('SELECT id, label FROM purposes ORDER BY label')).rows,
    async upsert(p) { await db.query('INSERT INTO purposes (id, label) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label', [p.id, p.label]); },
    async remove(id) { await db.query('DELETE FROM purposes WHERE id = $1', [id]); },
  };
}
