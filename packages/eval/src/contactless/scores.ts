// Score sets and their summary for the contactless evaluations.
import { FingerprintMatcher, type FingerTemplate } from '@candor/finger';
import { errorRates } from '../metrics.ts';

export interface Scored { finger: string; impression: number; template: FingerTemplate | null }

/** Failed enrolments score -Infinity (count as rejected), as in the contact evaluation. */
export function score(a: FingerTemplate | null, b: FingerTemplate | null, cache: Map<FingerTemplate, FingerprintMatcher>): number {
  if (!a || !b) return -Infinity;
  let m = cache.get(a);
  if (!m) { m = new FingerprintMatcher(a); cache.set(a, m); }
  return m.match(b);
}

/** Quantiles of the finite scores, plus how many were failures. */
export function summary(scores: number[]) {
  const s = scores.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => (s.length ? round(s[Math.min(s.length - 1, Math.floor(p * s.length))]) : null);
  return { n: scores.length, failed: scores.length - s.length, min: q(0), median: q(0.5), p90: q(0.9), max: s.length ? round(s[s.length - 1]) : null };
}

export function rates(genuine: number[], impostor: number[]) {
  const r = errorRates(genuine, impostor);
  return { eer: round(r.eer), fmr100: round(r.fmr100), fmr1000: round(r.fmr1000), zerofmr: round(r.zerofmr) };
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
