// 1:N per registry with fusion: shortlist per modality from the in-memory indexes, complete every
// shortlisted record's contributions, fuse evidence, keep what passes the registry's FMR policy.
import type { Engines } from './engines.ts';
import type { Indexes } from './indexes.ts';
import { fuse, type FusedScore, type FingerContribution, type ScoreCalibration } from './fusion.ts';
import { PARAMS } from './params.ts';

export interface PreparedProbe {
  face: Float32Array | null;
  fingers: { position: number | null; compare: (c: unknown) => number; calibration: ScoreCalibration }[];
}
export interface RankedCandidate { registryId: string; recordId: string; fused: FusedScore }

export function matchRegistry(indexes: Indexes, engines: Engines, registryId: string, probe: PreparedProbe, excludeRecordId?: string): RankedCandidate[] {
  const short = new Set<string>();
  const k = PARAMS.shortlistPerModality;
  if (probe.face) for (const h of indexes.searchFace(registryId, probe.face, k)) short.add(h.recordId);
  for (const f of probe.fingers) for (const h of indexes.searchFinger(registryId, f.compare, f.position, k)) short.add(h.recordId);
  if (excludeRecordId) short.delete(excludeRecordId);

  const out: RankedCandidate[] = [];
  for (const recordId of short) {
    let face;
    if (probe.face && engines.face) {
      const s = indexes.scoreFace(registryId, recordId, probe.face);
      if (s !== null) face = { score: round(s), fmr: engines.face.calibration.fmrAt(s) };
    }
    const fingers: FingerContribution[] = [];
    for (const f of probe.fingers) {
      const s = indexes.scoreFinger(registryId, recordId, f.compare, f.position);
      if (s !== null) fingers.push({ position: f.position ?? 0, score: round(s), fmr: f.calibration.fmrAt(s) });
    }
    out.push({ registryId, recordId, fused: fuse(face, fingers) });
  }
  return out.sort((a, b) => b.fused.evidence - a.fused.evidence);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
