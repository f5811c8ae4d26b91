// Score fusion across modalities and fingers (docs/architecture.md): each comparison is turned into
// evidence e = -log10(fmr) through its own calibration, evidence is summed, and the fused score is
// reported with the FMR it implies. Summing treats modalities as independent, which is the usual
// assumption for face vs. finger and across different fingers of one person; it overstates evidence
// for correlated samples, so one face and each finger count at most once per candidate: probe fingers
// are paired one-to-one with the record's (the finger engine's fuseFingerEvidence, which also counts
// the pairings that were possible when positions are unknown; the best of A pairings is charged A
// times one pairing's FMR).
import { sumTail } from '@candor/finger/fusion';
import { PARAMS } from './params.ts';

export interface ScoreCalibration { fmrAt(score: number): number; thresholdFor(fmr: number): number }
export interface Contribution { score: number; fmr: number }
export interface FingerContribution extends Contribution { position: number }
export interface FusedScore {
  evidence: number;              // sum of -log10(fmr); the fused score, higher is stronger
  fmr: number;                   // estimated FMR of the fused score
  face?: Contribution;
  fingers?: FingerContribution[];
}

export const evidenceOf = (fmr: number): number => -Math.log10(Math.min(1, Math.max(PARAMS.fmrFloor, fmr)));

/** `alternatives`: how many pairings of the probe's fingers with the record's were possible (1 with known positions). */
export function fuse(face: Contribution | undefined, fingers: FingerContribution[], alternatives = 1): FusedScore {
  let evidence = 0;
  if (face) evidence += evidenceOf(face.fmr);
  for (const f of fingers) evidence += evidenceOf(f.fmr);
  const terms = (face ? 1 : 0) + fingers.length;
  // One term: its own calibrated FMR, not a round trip through log10.
  const single = terms === 1 && alternatives <= 1 ? (face ?? fingers[0]).fmr : null;
  const fmr = single ?? Math.max(1, alternatives) * fusedFmr(evidence, terms);
  const out: FusedScore = { evidence, fmr: Math.min(1, Math.max(PARAMS.fmrFloor, fmr)) };
  if (face) out.face = face;
  if (fingers.length) out.fingers = fingers;
  return out;
}

/**
 * FMR of a fused evidence sum. Under independence, for an impostor each term's fmr is uniform on
 * (0,1], so S = sum of n terms of -ln(u) is Gamma(n,1) and P(S >= s) = e^-s * sum_{k<n} s^k/k!
 * (the finger engine's sumTail). That corrects for "more comparisons give more chances to score
 * high" instead of multiplying FMRs.
 */
export function fusedFmr(evidence: number, terms: number): number {
  return Math.max(PARAMS.fmrFloor, sumTail(evidence, Math.max(1, terms)));
}

/** The fused evidence that yields a target FMR for n terms (bisection on the monotone fusedFmr). */
export function evidenceThreshold(targetFmr: number, terms: number): number {
  let lo = 0, hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (fusedFmr(mid, terms) > targetFmr) lo = mid; else hi = mid;
  }
  return hi;
}
