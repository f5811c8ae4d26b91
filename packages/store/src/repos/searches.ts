import { randomUUID } from 'node:crypto';
import { auditRepo } from '../audit.ts';
import { plainJson } from '../canonical.ts';
import type { Db, Modality, Review, ReviewsRepo, SearchCandidate, SearchesRepo, SearchRecord, SubjectReportEntry } from '../types.ts';
import { StoreError } from '../types.ts';
import type { Vault } from '../vault.ts';
import { trainingLogRepo } from './misc.ts';

export const PROBE_CONTEXT = 'searches.probe';

type Row = {
  id: string; kind: 'search' | 'verify'; user_id: string | null; actor: string; purpose: string; case_ref: string; reason: string | null;
  registry_ids: string[]; modalities: string[]; training: boolean; threshold: number | null; has_probe: boolean;
  retain_until: Date | null; probe_deleted_at: Date | null; audit_seq: string | number | null; created_at: Date;
};
const COLS = `id, kind, user_id, actor, purpose, case_ref, reason, registry_ids, modalities, training, threshold,
  probe IS NOT NULL AS has_probe, retain_until, probe_deleted_at, audit_seq, created_at`;
const date = (d: Date | null) => (d ? new Date(d) : null);
const toSearch = (r: Row): SearchRecord => ({
  id: r.id, kind: r.kind, userId: r.user_id, actor: r.actor, purpose: r.purpose, caseRef: r.case_ref, reason: r.reason,
  registryIds: r.registry_ids ?? [], modalities: (r.modalities ?? []) as Modality[], training: r.training,
  threshold: r.threshold === null ? null : Number(r.threshold), hasProbe: r.has_probe, retainUntil: date(r.retain_until),
  probeDeletedAt: date(r.probe_deleted_at), createdAt: new Date(r.created_at), auditSeq: r.audit_seq === null ? null : Number(r.audit_seq),
});
type CandRow = { search_id: string; rank: number; registry_id: string; record_id: string; score: number; fmr: number; contributions: Record<string, unknown> };
const toCandidate = (r: CandRow): SearchCandidate => ({ searchId: r.search_id, rank: r.rank, registryId: r.registry_id, recordId: r.record_id, score: Number(r.score), fmr: Number(r.fmr), contributions: r.contributions ?? {} });
type ReviewRow = { id: string; search_id: string; rank: number; reviewer_id: string | null; reviewer: string; decision: 'confirmed' | 'rejected'; reason: string; at: Date };
const toReview = (r: ReviewRow): Review => ({ id: r.id, searchId: r.search_id, rank: r.rank, reviewerId: r.reviewer_id, reviewer: r.reviewer, decision: r.decision, reason: r.reason, at: new Date(r.at) });

function isUuid(s: string): boolean { return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s); }

export function searchesRepo(db: Db, vault: Vault): SearchesRepo {
  return {
    create: (s) => db.transaction(async (tx) => {
      const id = randomUUID();
      const kind = s.kind ?? 'search';
      const training = s.training ?? false;
      await tx.query(
        `INSERT INTO searches (id, kind, user_id, actor, purpose, case_ref, reason, registry_ids, modalities, training, threshold, probe, retain_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, decode($12, 'base64'), $13)`,
        [id, kind, s.userId, s.actor, s.purpose, s.caseRef, s.reason ?? null, s.registryIds, s.modalities, training, s.threshold ?? null,
          s.probe ? vault.encrypt64(s.probe, PROBE_CONTEXT) : null, s.retainUntil ?? null]);
      for (const c of s.candidates) {
        await tx.query(
          `INSERT INTO search_candidates (search_id, rank, registry_id, record_id, score, fmr, contributions) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
          [id, c.rank, c.registryId, c.recordId, c.score, c.fmr, JSON.stringify(plainJson(c.contributions ?? {}))]);
      }
      const subjects = { searchId: id, registryIds: s.registryIds, recordIds: s.candidates.map((c) => c.recordId) };
      const details = {
        ...plainJson(s.details ?? {}), purpose: s.purpose, caseRef: s.caseRef, reason: s.reason ?? null, modalities: s.modalities,
        threshold: s.threshold ?? null, candidates: s.candidates.map((c) => ({ rank: c.rank, registryId: c.registryId, recordId: c.recordId, score: c.score, fmr: c.fmr })),
      };
      let auditSeq: number | null = null;
      if (training) {
        // Training searches never enter the audit log (they would drown real accountability).
        await trainingLogRepo(tx).append({ actor: s.actor, action: kind, searchId: id, details: { ...details, ...subjects } });
      } else {
        auditSeq = (await auditRepo(tx).append({ actor: s.actor, action: kind, subjects, details })).seq;
        await tx.query('UPDATE searches SET audit_seq = $2 WHERE id = $1', [id, auditSeq]);
      }
      return toSearch((await tx.query<Row>(`SELECT ${COLS} FROM searches WHERE id = $1`, [id])).rows[0]);
    }),

    async get(id) {
      if (!isUuid(id)) return null;
      const r = (await db.query<Row>(`SELECT ${COLS} FROM searches WHERE id = $1`, [id])).rows[0];
      if (!r) return null;
      const [cands, reviews] = await Promise.all([
        db.query<CandRow>('SELECT * FROM search_candidates WHERE search_id = $1 ORDER BY rank', [id]),
        db.query<ReviewRow>('SELECT * FROM reviews WHERE search_id = $1 ORDER BY at, id', [id]),
      ]);
      return { ...toSearch(r), candidates: cands.rows.map(toCandidate), reviews: reviews.rows.map(toReview) };
    },

    async list(opts = {}) {
      const r = await db.query<Row>(
        `SELECT ${COLS} FROM searches
          WHERE ($1::uuid IS NULL OR user_id = $1::uuid) AND ($2::timestamptz IS NULL OR created_at < $2::timestamptz)
            AND ($3::boolean IS NULL OR training = $3::boolean)
          ORDER BY created_at DESC, id LIMIT $4`,
        [opts.userId ?? null, opts.before ?? null, opts.training ?? null, Math.min(opts.limit ?? 50, 1000)]);
      return r.rows.map(toSearch);
    },

    async getProbe(id) {
      if (!isUuid(id)) return null;
      const r = (await db.query<{ probe: string | null }>("SELECT encode(probe, 'base64') AS probe FROM searches WHERE id = $1", [id])).rows[0];
      return r?.probe ? new Uint8Array(vault.decrypt(r.probe, PROBE_CONTEXT)) : null;
    },
  };
}

export function reviewsRepo(db: Db): ReviewsRepo {
  return {
    add: (input) => db.transaction(async (tx) => {
      if (!isUuid(input.searchId)) throw new StoreError('NOT_FOUND', 'no such search');
      const found = (await tx.query<{ training: boolean; record_id: string; registry_id: string }>(
        `SELECT s.training, c.record_id, c.registry_id FROM search_candidates c JOIN searches s ON s.id = c.search_id
          WHERE c.search_id = $1 AND c.rank = $2`, [input.searchId, input.rank])).rows[0];
      if (!found) throw new StoreError('NOT_FOUND', `no candidate ${input.rank} in search ${input.searchId}`);
      const r = await tx.query<ReviewRow>(
        `INSERT INTO reviews (id, search_id, rank, reviewer_id, reviewer, decision, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [randomUUID(), input.searchId, input.rank, input.reviewerId, input.reviewer, input.decision, input.reason]);
      const entry = {
        actor: input.reviewer, action: 'search.review',
        subjects: { searchId: input.searchId, recordId: found.record_id, registryId: found.registry_id, reviewId: r.rows[0].id },
        details: { rank: input.rank, decision: input.decision, reason: input.reason },
      };
      if (found.training) await trainingLogRepo(tx).append({ ...entry, searchId: input.searchId, details: { ...entry.details, ...entry.subjects } });
      else await auditRepo(tx).append(entry);
      return toReview(r.rows[0]);
    }),
    list: async (searchId) => isUuid(searchId)
      ? (await db.query<ReviewRow>('SELECT * FROM reviews WHERE search_id = $1 ORDER BY at, id', [searchId])).rows.map(toReview)
      : [],
  };
}

export async function subjectReport(db: Db, recordId: string): Promise<SubjectReportEntry[]> {
  if (!isUuid(recordId)) return [];
  const rows = (await db.query<{
    search_id: string; created_at: Date; user_id: string | null; actor: string; purpose: string; case_ref: string; reason: string | null;
    rank: number; score: number; fmr: number; kind: 'search' | 'verify'; reviews: { decision: 'confirmed' | 'rejected'; reviewer: string; at: string }[] | null;
  }>(
    `SELECT s.id AS search_id, s.created_at, s.user_id, s.actor, s.purpose, s.case_ref, s.reason, s.kind, c.rank, c.score, c.fmr,
            (SELECT json_agg(json_build_object('decision', v.decision, 'reviewer', v.reviewer, 'at', v.at) ORDER BY v.at)
               FROM reviews v WHERE v.search_id = c.search_id AND v.rank = c.rank) AS reviews
       FROM search_candidates c JOIN searches s ON s.id = c.search_id
      WHERE c.record_id = $1
      ORDER BY s.created_at, s.id`, [recordId])).rows;
  return rows.map((r) => ({
    searchId: r.search_id, at: new Date(r.created_at), userId: r.user_id, actor: r.actor, purpose: r.purpose, caseRef: r.case_ref,
    reason: r.reason, rank: r.rank, score: Number(r.score), fmr: Number(r.fmr), kind: r.kind,
    reviews: (r.reviews ?? []).map((v) => ({ decision: v.decision, reviewer: v.reviewer, at: new Date(v.at) })),
  }));
}
