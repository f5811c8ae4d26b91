// Enrolment: validate fields, extract and gate samples, check for duplicates (1:N before insert),
// then commit record + samples + templates + alerts + duplicate flags + audit in one transaction,
// and only after the commit add the templates to the in-memory index.
import type { EnrolSample, Registry } from '@candor/store';
import { ApiError } from './errors.ts';
import { validateFields } from './fields.ts';
import { analyzeFace, decodeBase64, extractFinger } from './probes.ts';
import { matchRegistry, type PreparedProbe } from './matching.ts';
import { float32ToBytes } from './indexes.ts';
import { PARAMS } from './params.ts';
import { fmrText } from './fmr-text.ts';
import type { EnrolBody } from './schemas.ts';
import type { AppContext } from './context.ts';

export interface EnrolResult {
  record: { id: string; registry: string; fields: Record<string, unknown>; createdAt: string };
  created: boolean;
  duplicates: { recordId: string; score: number; fmr: number; fmrText: string }[];
}

/** Recently answered requests per store, so a retried request returns the same answer without re-extraction. */
const replayCaches = new WeakMap<object, Map<string, EnrolResult>>();
const REPLAY_CACHE_MAX = 10_000;

export async function enrolRecord(ctx: AppContext, actor: { userId: string | null; name: string }, reg: Registry, body: EnrolBody): Promise<EnrolResult> {
  const { store, engines, indexes } = ctx;
  let replayCache = replayCaches.get(store);
  if (!replayCache) { replayCache = new Map(); replayCaches.set(store, replayCache); }
  const cacheKey = `${reg.id}\u0000${body.requestId}`;
  const cached = replayCache.get(cacheKey);
  if (cached) return { ...cached, created: false };

  const problems = validateFields(reg.fieldsSchema, body.fields);
  if (problems.length) throw new ApiError('FIELDS_INVALID', problems.join('; '), { errors: problems });
  if (!body.face && !body.fingers?.length) throw new ApiError('NO_PROBE', 'An enrolment needs a face or fingerprints');
  if (body.face && !reg.modalities.includes('face')) throw new ApiError('MODALITY_NOT_SUPPORTED', `"${reg.id}" holds no faces`);
  if (body.fingers?.length && !reg.modalities.includes('finger')) throw new ApiError('MODALITY_NOT_SUPPORTED', `"${reg.id}" holds no fingerprints`);
  const positions = (body.fingers ?? []).map((f) => f.position);
  if (new Set(positions).size !== positions.length) throw new ApiError('VALIDATION_FAILED', 'Each finger position may appear once');

  const samples: EnrolSample[] = [];
  const probe: PreparedProbe = { face: null, fingers: [] };
  if (body.face) {
    const f = await analyzeFace(engines, body.face.image);
    if (f.quality.score < PARAMS.minFaceQualityEnrol) {
      throw new ApiError('QUALITY_TOO_LOW', `Face quality ${Math.round(f.quality.score)} is below ${PARAMS.minFaceQualityEnrol}: ${f.quality.reasons.join('; ') || 'retake the photo'}`, { reasons: f.quality.reasons });
    }
    probe.face = f.template;
    samples.push({ modality: 'face', image: decodeBase64(body.face.image, 'face image'), quality: f.quality.score, templates: [{ modelId: f.modelId, data: float32ToBytes(f.template) }] });
  }
  for (const fin of body.fingers ?? []) {
    const x = await extractFinger(engines, fin.image, { dpi: fin.dpi, contactless: fin.contactless }, `finger ${fin.position}`);
    if (x.quality.score < PARAMS.minFingerQualityEnrol) {
      throw new ApiError('QUALITY_TOO_LOW', `Finger ${fin.position} quality ${Math.round(x.quality.score)} is below ${PARAMS.minFingerQualityEnrol}: ${x.quality.reasons.join('; ') || 'recapture'}`, { position: fin.position, reasons: x.quality.reasons });
    }
    probe.fingers.push({ position: fin.position, probe: engines.finger!.prepare(x.template), calibration: engines.finger!.calibration(!!fin.contactless) });
    samples.push({ modality: 'finger', position: fin.position, dpi: fin.dpi ?? null, capture: fin.contactless ? 'contactless' : 'contact', image: decodeBase64(fin.image, 'finger image'), quality: x.quality.score, templates: [{ modelId: engines.finger!.modelId, data: x.template }] });
  }

  // Duplicate check before insert: possible existing identities are flagged for a supervisor.
  const dups = (await matchRegistry(indexes, engines, reg.id, probe)).filter((c) => c.fused.fmr <= PARAMS.duplicateFmr).slice(0, 10);

  const { record, created } = await store.transaction(async (tx) => {
    const res = await tx.records.enrol({ registryId: reg.id, requestId: body.requestId, fields: body.fields, createdBy: actor.userId, samples, actor: actor.name });
    if (!res.created) return res;
    for (const a of body.alerts ?? []) {
      await tx.records.addAlert({ recordId: res.record.id, reason: a.reason, source: a.source, expiresAt: a.expiresAt ? new Date(a.expiresAt) : null, actor: actor.name });
    }
    for (const d of dups) await tx.duplicates.flag({ recordId: res.record.id, otherRecordId: d.recordId, score: d.fused.evidence, fmr: d.fused.fmr });
    return res;
  });

  if (created) {
    for (const s of samples) for (const t of s.templates) {
      await indexes.enrolled({ registryId: reg.id, recordId: record.id, modality: s.modality, position: s.position ?? null, modelId: t.modelId, data: t.data });
    }
  }
  const result: EnrolResult = {
    record: { id: record.id, registry: reg.id, fields: record.fields, createdAt: record.createdAt.toISOString() },
    created,
    duplicates: created ? dups.map((d) => ({ recordId: d.recordId, score: Math.round(d.fused.evidence * 1000) / 1000, fmr: d.fused.fmr, fmrText: fmrText(d.fused.fmr) })) : [],
  };
  if (replayCache.size >= REPLAY_CACHE_MAX) replayCache.delete(replayCache.keys().next().value!);
  replayCache.set(cacheKey, result);
  return result;
}
