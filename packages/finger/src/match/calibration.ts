import type { ScoreCalibration } from '../types.ts';

export function fingerCalibration(kind: 'contact' | 'contactless' = 'contact'): ScoreCalibration {
  void kind;
  return { fmrAt: () => 1, thresholdFor: () => Infinity };
}

/** Fuses per-finger scores of one record into one score in -log10(FMR) units. */
export function fuseFingerScores(scores: number[], cal: ScoreCalibration = fingerCalibration()): number {
  return scores.reduce((s, x) => s - Math.log10(cal.fmrAt(x)), 0);
}
