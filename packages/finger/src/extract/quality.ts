// Image quality 0..100 with reasons, from measures in the spirit of NFIQ 2: usable foreground
// area, orientation certainty (coherence) in the foreground, ridge contrast and minutiae count.
import { params } from '../params.ts';
import type { FingerQuality } from '../types.ts';

export interface QualityInputs { area: number; meanCoherence: number; contrast: number; minutiae: number }

export function assessQuality(q: QualityInputs): FingerQuality {
  const reasons: string[] = [];
  const areaScore = Math.min(1, q.area / params.goodArea);
  const clarity = Math.min(1, Math.max(0, (q.meanCoherence - 0.2) / 0.5));
  const contrast = Math.min(1, q.contrast / params.goodContrast);
  const count = Math.min(1, q.minutiae / params.goodMinutiae);
  if (q.area < params.minUsefulArea) reasons.push('AREA_TOO_SMALL');
  if (clarity < 0.4) reasons.push('LOW_RIDGE_CLARITY');
  if (contrast < 0.4) reasons.push('LOW_CONTRAST');
  if (q.minutiae < params.minMinutiae) reasons.push('TOO_FEW_MINUTIAE');
  const score = Math.round(100 * Math.pow(areaScore * clarity * Math.sqrt(contrast) * count, 0.5));
  return {
    score, reasons,
    measures: { area: q.area, coherence: round3(q.meanCoherence), contrast: round3(q.contrast), minutiae: q.minutiae },
  };
}

function round3(v: number): number { return Math.round(v * 1000) / 1000; }
