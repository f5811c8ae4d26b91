// 1:N search (one registry, or a cross-registry "super query"), 1:1 verification, search history
// and candidate review. The search and its audit entry are committed before any candidate leaves.
import type { FastifyInstance } from 'fastify';
import type { Registry, SearchDetail } from '@candor/store';
import { ApiError } from '../errors.ts';
import { principal } from '../auth.ts';
import { hasAny } from '../roles.ts';
import { IdParams, ListQuery, ReviewBody, ReviewParams, SearchBody, VerifyBody } from '../schemas.ts';
import { analyzeFace, extractFinger } from '../probes.ts';
import { encodeProbeCapture } from '../probe-capture.ts';
import { byFusedFmr, matchRegistry, type PreparedProbe, type RankedCandidate } from '../matching.ts';
import { canRead, canSearch, registryOr404 } from '../registry-access.ts';
import { fmrText } from '../fmr-text.ts';
import { PARAMS } from '../params.ts';
import { recordSummary } from '../summaries.ts';
import type { AppContext, Principal } from '../context.ts';
import type { FaceProbe } from '../engines.ts';

const SEARCHERS = ['operator', 'supervisor', 'trainee'] as const;

export function searchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, engines, indexes } = ctx;

  async function checkAccountability(purpose: string, caseRef: string): Promise<void> {
    const purposes = await store.purposes.list();
    if (!purposes.some((x) => x.id === purpose)) throw new ApiError('UNKNOWN_PURPOSE', `Purpose "${purpose}" is not configured; see GET /v1/purposes`);
    if (!caseRef.trim()) throw new ApiError('CASE_REF_REQUIRED');
  }

  async function searchableRegistries(p: Principal, ids: string[], reason: string | undefined): Promise<Registry[]> {
    const regs = await Promise.all(ids.map((id) => registryOr404(store, id)));
    const training = regs[0].training;
    if (regs.some((r) => r.training !== training)) throw new ApiError('MIXED_TRAINING');
    if (!training && !hasAny(p.roles, ['operator', 'supervisor'])) throw new ApiError('TRAINING_ONLY');
    for (const r of regs) if (!canSearch(p, r)) throw new ApiError('NOT_SEARCHABLE', `Your roles may not search "${r.id}"`);
    if (regs.length > 1) {
      if (!p.roles.includes('cross_registry')) throw new ApiError('CROSS_REGISTRY_FORBIDDEN');
      if (!reason?.trim()) throw new ApiError('REASON_REQUIRED', 'A cross-registry search needs a stated reason');
    }
    return regs;
  }

  app.post('/search', { config: { access: SEARCHERS }, schema: { body: SearchBody, tags: ['search'] } }, async (req) => {
    const p = principal(req);
    const body = req.body as SearchBody;
    const regs = await searchableRegistries(p, body.registries, body.reason);
    await checkAccountability(body.purpose, body.caseRef);
    if (!body.face && !body.fingers?.length) throw new ApiError('NO_PROBE');
    if (body.face && !regs.some((r) => r.modalities.includes('face'))) throw new ApiError('MODALITY_NOT_SUPPORTED', 'None of these registries holds faces');
    if (body.fingers?.length && !regs.some((r) => r.modalities.includes('finger'))) throw new ApiError('MODALITY_NOT_SUPPORTED', 'None of these registries holds fingerprints');

    const probe: PreparedProbe = { face: null, fingers: [] };
    let faceInfo: ReturnType<typeof probeFaceInfo> | undefined;
    if (body.face) {
      const analysed = await analyzeFace(engines, body.face.image);
      probe.face = analysed.template;
      faceInfo = probeFaceInfo(analysed);
    }
    for (const [i, f] of (body.fingers ?? []).entries()) {
      const x = await extractFinger(engines, f.image, { dpi: f.dpi, contactless: f.contactless }, `finger ${i + 1}`);
      probe.fingers.push({ position: f.position ?? null, probe: engines.finger!.prepare(x.template), calibration: engines.finger!.calibration(!!f.contactless) });
    }

    const topK = body.topK ?? PARAMS.defaultTopK;
    const passed: RankedCandidate[] = [];
    for (const r of regs) {
      const useFace = r.modalities.includes('face') ? probe : { ...probe, face: null };
      const use = r.modalities.includes('finger') ? useFace : { ...useFace, fingers: [] };
      for (const c of await matchRegistry(indexes, engines, r.id, use)) if (c.fused.fmr <= r.targetFmr) passed.push(c);
    }
    passed.sort(byFusedFmr);
    const top = passed.slice(0, topK);
    const threshold = Math.min(...regs.map((r) => r.targetFmr));
    const training = regs[0].training;
    const modalities = [...(probe.face ? ['face' as const] : []), ...(probe.fingers.length ? ['finger' as const] : [])];

    let searchId: string;
    try {
      const s = await store.searches.create({
        kind: 'search', userId: p.userId, actor: p.name, purpose: body.purpose, caseRef: body.caseRef.trim(),
        reason: body.reason?.trim() || null, registryIds: regs.map((r) => r.id), modalities, training, threshold,
        // Operational searches keep what was submitted (encrypted, until retention); training ones nothing.
        probe: training ? null : encodeProbeCapture(body),
        candidates: top.map((c, i) => ({ rank: i + 1, registryId: c.registryId, recordId: c.recordId, score: round(c.fused.evidence), fmr: c.fused.fmr, contributions: contributions(c) })),
        details: { candidates: top.length, topK },
      });
      searchId = s.id;
    } catch (e) {
      // Fail closed: without its audit record a search has not happened, and shows nothing.
      req.log.error({ err: (e as Error).message }, 'search record/audit write failed');
      throw new ApiError('AUDIT_FAILED');
    }
    const byId = new Map(regs.map((r) => [r.id, r]));
    const candidates = await Promise.all(top.map(async (c, i) => ({
      rank: i + 1, registry: c.registryId, recordId: c.recordId, score: round(c.fused.evidence), fmr: c.fused.fmr,
      fmrText: fmrText(c.fused.fmr), status: 'possible match: verify identity with documents' as const,
      contributions: contributions(c),
      ...(await recordSummary(store, c.recordId, canRead(p, byId.get(c.registryId)!))),
    })));
    return { searchId, threshold, candidates, noCandidate: candidates.length === 0, training, ...(faceInfo ? { probeFace: faceInfo } : {}) };
  });

  app.post('/verify', { config: { access: ['operator', 'supervisor', 'trainee'] }, schema: { body: VerifyBody, tags: ['search'] } }, async (req) => {
    const p = principal(req);
    const body = req.body as VerifyBody;
    const [reg] = await searchableRegistries(p, [body.registry], undefined);
    await checkAccountability(body.purpose, body.caseRef);
    if (!reg.modalities.includes('face')) throw new ApiError('MODALITY_NOT_SUPPORTED', 'This registry holds no faces');
    const rec = await store.records.get(body.recordId);
    if (!rec || rec.registryId !== reg.id) throw new ApiError('UNKNOWN_RECORD');
    const face = await analyzeFace(engines, body.face.image);
    const score = (await indexes.faceScores(reg.id, [rec.id], face.template)).get(rec.id);
    if (score === undefined) throw new ApiError('MODALITY_NOT_SUPPORTED', 'This record has no face template');
    const fmr = engines.face!.calibration.fmrAt(score);
    let searchId: string;
    try {
      const s = await store.searches.create({
        kind: 'verify', userId: p.userId, actor: p.name, purpose: body.purpose, caseRef: body.caseRef.trim(), registryIds: [reg.id],
        modalities: ['face'], training: reg.training, threshold: reg.targetFmr,
        probe: reg.training ? null : encodeProbeCapture({ face: body.face }),
        candidates: [{ rank: 1, registryId: reg.id, recordId: rec.id, score: round(score), fmr, contributions: { face: { score: round(score), fmr } } }],
      });
      searchId = s.id;
    } catch (e) {
      req.log.error({ err: (e as Error).message }, 'verify record/audit write failed');
      throw new ApiError('AUDIT_FAILED');
    }
    return { searchId, score: round(score), fmr, fmrText: fmrText(fmr), aboveThreshold: fmr <= reg.targetFmr, probeFace: probeFaceInfo(face) };
  });

  const mayReadSearch = (p: Principal, s: { userId: string | null }) =>
    hasAny(p.roles, ['supervisor', 'auditor']) || (s.userId !== null && s.userId === p.userId);

  app.get('/searches', { config: { access: ['operator', 'supervisor', 'auditor'] }, schema: { querystring: ListQuery, tags: ['search'] } }, async (req) => {
    const p = principal(req);
    const q = req.query as ListQuery;
    const all = hasAny(p.roles, ['supervisor', 'auditor']);
    const list = await store.searches.list({ userId: all ? undefined : p.userId ?? '-', limit: q.limit ?? 100 });
    return list.map(publicSearch);
  });

  app.get('/searches/:id', { config: { access: ['operator', 'supervisor', 'auditor', 'trainee'] }, schema: { params: IdParams, tags: ['search'] } }, async (req) => {
    const p = principal(req);
    const s = await store.searches.get((req.params as { id: string }).id);
    if (!s || !mayReadSearch(p, s)) throw new ApiError('UNKNOWN_SEARCH');
    return detail(s);
  });

  app.post('/searches/:id/candidates/:rank/review', { config: { access: ['operator', 'supervisor'] }, schema: { params: ReviewParams, body: ReviewBody, tags: ['search'] } }, async (req, reply) => {
    const p = principal(req);
    const { id, rank } = req.params as { id: string; rank: number };
    const body = req.body as ReviewBody;
    const s = await store.searches.get(id);
    // Operators review candidates of their own searches only; supervisors any.
    if (!s || !(p.roles.includes('supervisor') || (s.userId !== null && s.userId === p.userId))) throw new ApiError('UNKNOWN_SEARCH');
    if (!s.candidates.some((c) => c.rank === rank)) throw new ApiError('UNKNOWN_CANDIDATE');
    const r = await store.reviews.add({ searchId: id, rank, reviewerId: p.userId, reviewer: p.name, decision: body.decision, reason: body.reason.trim() });
    return reply.status(201).send({ ...r, at: r.at.toISOString() });
  });
}

/**
 * Which face of the photo was used. With several faces the engine analyses the largest one nearest
 * the centre; the app shows `searched` and asks the operator to crop or retake when `count > 1`.
 */
function probeFaceInfo(f: FaceProbe) {
  return { count: f.faceCount, ...(f.box ? { searched: f.box } : {}), quality: f.quality.score };
}

function contributions(c: RankedCandidate) {
  return { ...(c.fused.face ? { face: c.fused.face } : {}), ...(c.fused.fingers ? { fingers: c.fused.fingers } : {}) };
}
const round = (x: number) => Math.round(x * 1000) / 1000;

function publicSearch(s: Omit<SearchDetail, 'candidates' | 'reviews'>) {
  return {
    id: s.id, kind: s.kind, userId: s.userId, actor: s.actor, purpose: s.purpose, caseRef: s.caseRef, reason: s.reason,
    registries: s.registryIds, modalities: s.modalities, training: s.training, threshold: s.threshold, createdAt: s.createdAt.toISOString(),
  };
}
function detail(s: SearchDetail) {
  return {
    ...publicSearch(s),
    candidates: s.candidates.map((c) => ({ rank: c.rank, registry: c.registryId, recordId: c.recordId, score: c.score, fmr: c.fmr, fmrText: fmrText(c.fmr), contributions: c.contributions })),
    reviews: s.reviews.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
