// Score → false-match rate, from impostor scores measured by `candor eval finger-calibrate`
// (shipped as calibration.json). Between table points FMR is interpolated in log space; beyond the
// highest measured impostor score the upper tail is extrapolated log-linearly (fitted on the top of
// the impostor distribution), floored at 1e-9 — an estimate, flagged as such in the docs.
import type { ScoreCalibration } from '../types.ts';
import table from './calibration.json' with { type: 'json' };
import { fmrScore, sumTail } from './fusion.ts';

export interface CalibrationTable {
  kind: string; impostors: number;
  /** Ascending scores and the measured FMR (fraction of impostor scores >= score) at each. */
  scores: number[]; fmr: number[];
  /** log10(FMR) per score unit beyond the last point (negative). */
  tailSlope: number;
}

const FLOOR = 1e-9;

export function calibrationFrom(t: CalibrationTable): ScoreCalibration {
  const { scores, fmr } = t; const n = scores.length;
  const fmrAt = (s: number): number => {
    if (!(s > scores[0])) return 1;
    if (s >= scores[n - 1]) return Math.max(FLOOR, fmr[n - 1] * 10 ** (t.tailSlope * (s - scores[n - 1])));
    let lo = 0, hi = n - 1;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (scores[mid] <= s) lo = mid; else hi = mid; }
    const f = (s - scores[lo]) / (scores[hi] - scores[lo] || 1);
    // Clamped to the segment's ends: on a flat segment (two table points with the same FMR) 10^log10(x)
    // can come out an ulp above x, which would make the curve rise.
    const v = 10 ** (Math.log10(fmr[lo]) * (1 - f) + Math.log10(fmr[hi]) * f);
    return Math.min(fmr[lo], Math.max(fmr[hi], v));
  };
  const thresholdFor = (target: number): number => {
    if (target >= 1) return 0;
    // fmrAt is non-increasing: bisection over the score range plus the extrapolated tail.
    let lo = scores[0], hi = scores[n - 1] + Math.max(1, Math.log10(FLOOR) / Math.min(-1e-6, t.tailSlope));
    for (let k = 0; k < 60; k++) { const mid = (lo + hi) / 2; if (fmrAt(mid) > target) lo = mid; else hi = mid; }
    return hi;
  };
  return { fmrAt, thresholdFor };
}

const contact = calibrationFrom(table as CalibrationTable);

/** Calibration of matchFingerprints scores. Contactless captures use the contact table until measured separately. */
export function fingerCalibration(kind: 'contact' | 'contactless' = 'contact'): ScoreCalibration {
  void kind;
  return contact;
}

/** -log10(FMR) of one comparison: the unit in which finger (and face) evidence is summed. */
export function evidence(score: number, cal: ScoreCalibration = contact): number {
  return -Math.log10(cal.fmrAt(score));
}

/**
 * Fuses the scores of fingers already paired (one probe finger with one record finger each, e.g. by
 * position) into -log10 of the record's estimated FMR: the chance that as many independent impostor
 * comparisons reach this much evidence between them (fusion.ts). Two moderately strong fingers can
 * outweigh one strong one; a record whose fingers must first be paired goes through fuseFingerEvidence.
 */
export function fuseFingerScores(scores: number[], cal: ScoreCalibration = contact): number {
  let sum = 0;
  for (const s of scores) sum += evidence(s, cal);
  return fmrScore(sumTail(sum, scores.length));
}
