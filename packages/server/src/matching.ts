// 1:N per registry with fusion: shortlist per modality from the in-memory indexes, complete every
// shortlisted record's contributions, fuse evidence, keep what passes the registry's FMR policy.
import type { Engines } from './engines.ts';
import type { Indexes } from './indexes.ts';
import { fuseFingerEvidence } from '@candor/finger/fusion';
import { evidenceOf, fuse, type FusedScore, type FingerContribution, type ScoreCalibration } from './fusion.ts';
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
  const rank = (recordId: string) => {
    let face;
    const s = faceScores.get(recordId);
    if (s !== undefined && engines.face) face = { score: round(s), fmr: engines.face.calibration.fmrAt(s) };
    const { fingers, alternatives } = pairFingers(indexes, registryId, recordId, probe.fingers);
    out.push({ registryId, recordId, fused: fuse(face, fingers, alternatives) });
  };
  for (const recordId of short) rank(recordId);
  out.sort(byFusedFmr);

  // The finger engine's deep pass: a small probe finger whose search found no candidate standing out from
  // chance looks again, deeper (docs/finger.md, "Session 20: a deep pass"). New records get every contribution.
  const finger = engines.finger;
  const bestFmr = out[0]?.fused.fmr ?? 1;
  const deepFingers = probe.fingers.filter((f) => finger?.wantsDeepPass?.(f.probe, bestFmr, indexes.fingersSearched(registryId, f.position)) ?? false);
  if (deepFingers.length) {
    const fresh = new Set<string>();
    for (const f of deepFingers) for (const h of indexes.searchFinger(registryId, f.probe, f.position, k, true)) if (!short.has(h.recordId)) fresh.add(h.recordId);
    if (probe.face && fresh.size) for (const [id, sc] of await indexes.faceScores(registryId, [...fresh], probe.face)) faceScores.set(id, sc);
    for (const recordId of fresh) { short.add(recordId); rank(recordId); }
    out.sort(byFusedFmr);
  }
  return out;
}

/**
 * The record's finger contributions: each probe finger paired with at most one of the record's fingers
 * (one per known position, each of unknown position on its own) and each record finger with at most one
 * probe finger, the pairing with the most evidence (fuseFingerEvidence). A contribution's position is
 * the record finger's, or the probe's where the record's is unknown.
 */
function pairFingers(indexes: Indexes, registryId: string, recordId: string, probe: PreparedProbe['fingers']): { fingers: FingerContribution[]; alternatives: number } {
  // Columns: the record's fingers met by any probe finger, keyed by position (1–10) or, for unknown
  // positions, by -(order of appearance) in each probe finger's list (the same stored order every time).
  const columns: { position: number }[] = [];
  const columnOf = new Map<number, number>();
  const cells: Map<number, { score: number; fmr: number }>[] = [];
  for (const f of probe) {
    const row = new Map<number, { score: number; fmr: number }>();
    let unknown = 0;
    for (const e of indexes.scoreFingers(registryId, recordId, f.probe, f.position) ?? []) {
      const key = e.position || -++unknown;
      let c = columnOf.get(key);
      if (c === undefined) { c = columns.push({ position: e.position }) - 1; columnOf.set(key, c); }
      row.set(c, { score: e.score, fmr: f.calibration.fmrAt(e.score) });
    }
    cells.push(row);
  }
  if (!columns.length) return { fingers: [], alternatives: 1 };
  const evidence = cells.map((row) => columns.map((_, c) => (row.has(c) ? evidenceOf(row.get(c)!.fmr) : 0)));
  const paired = fuseFingerEvidence(evidence, (p, c) => cells[p].has(c));
  const fingers: FingerContribution[] = [];
  paired.pairedWith.forEach((c, p) => {
    if (c < 0) return;
    const { score, fmr } = cells[p].get(c)!;
    fingers.push({ position: columns[c].position || (probe[p].position ?? 0), score: round(score), fmr });
  });
  return { fingers, alternatives: paired.alternatives };
}

/**
 * Candidates in order of fused FMR, lowest first; equal FMRs (e.g. at the floor) by evidence. Not by evidence
 * alone: the same evidence sum is weaker spread over more terms, or when several pairings were possible.
 */
export function byFusedFmr(a: RankedCandidate, b: RankedCandidate): number {
  return a.fused.fmr - b.fused.fmr || b.fused.evidence - a.fused.evidence;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
