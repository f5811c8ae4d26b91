// 1:N per registry with fusion: shortlist per modality from the in-memory indexes, complete every
// shortlisted record's contributions, fuse evidence, keep what passes the registry's FMR policy.
import type { Engines } from './engines.ts';
import type { Indexes } from './indexes.ts';
import { fuse, type FusedScore, type FingerContribution, type ScoreCalibration } from './fusion.ts';
import { PARAMS } from './params.ts';

export interface PreparedProbe {
  face: Float32Array | null;
  /** `probe`: the finger engine's prepared probe (FingerEnginePort.prepare). */
  fingers: { position: number | null; probe: unknown; calibration: ScoreCalibration }[];
}
export interface RankedCandidate { registryId: string; recordId: string; fused: FusedScore }

export async function matchRegistry(indexes: Indexes, engines: Engines, registryId: string, probe: PreparedProbe): Promise<RankedCandidate[]> {
  const short = new Set<string>();
  const k = PARAMS.shortlistPerModality;
  const faceScores = new Map<string, number>();
  if (probe.face) for (const h of await indexes.findFaces(registryId, probe.face, k)) { short.add(h.recordId); faceScores.set(h.recordId, h.score); }
  for (const f of probe.fingers) for (const h of indexes.searchFinger(registryId, f.probe, f.position, k)) short.add(h.recordId);
  if (probe.face) {
    // Records shortlisted by fingers only still get their face evidence.
    const missing = [...short].filter((id) => !faceScores.has(id));
    if (missing.length) for (const [id, sc] of await indexes.faceScores(registryId, missing, probe.face)) faceScores.set(id, sc);
  }

  const out: RankedCandidate[] = [];
  for (const recordId of short) {
    let face;
    const s = faceScores.get(recordId);
    if (s !== undefined && engines.face) face = { score: round(s), fmr: engines.face.calibration.fmrAt(s) };
    const fingers: FingerContribution[] = [];
    for (const f of probe.fingers) {
      const s = indexes.scoreFinger(registryId, recordId, f.probe, f.position);
      if (s !== null) fingers.push({ position: f.position ?? 0, score: round(s), fmr: f.calibration.fmrAt(s) });
    }
    out.push({ registryId, recordId, fused: fuse(face, fingers) });
  }
  return out.sort((a, b) => b.fused.evidence - a.fused.evidence);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
