// FVC comparison protocol over enrolled samples.
import { FingerprintMatcher, type FingerTemplate } from '@candor/finger';
import type { Enrolled } from './dataset.ts';

export interface Scores { genuine: number[]; impostor: number[]; extended: number[] }

/** -Infinity when either side failed to enrol: such comparisons count as rejected. */
function compare(cache: Map<FingerTemplate, FingerprintMatcher>, a: Enrolled, b: Enrolled): number {
  if (!a.template || !b.template) return -Infinity;
  let m = cache.get(a.template);
  if (!m) { m = new FingerprintMatcher(a.template); cache.set(a.template, m); }
  return m.match(b.template);
}

/**
 * Every FVC comparison of `samples` (pairs i < j). With `other` (the same samples, in the same order,
 * captured under another condition), each pair compares sample i as captured with sample j from `other`:
 * a gallery captured one way searched with probes captured another (eval finger-robustness).
 */
export function fvcScores(samples: Enrolled[], other: Enrolled[] = samples): Scores {
  if (other.length !== samples.length) throw new RangeError('fvcScores: the two captures must hold the same samples');
  const cache = new Map<FingerTemplate, FingerprintMatcher>();
  const genuine: number[] = []; const impostor: number[] = []; const extended: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const a = samples[i], b = other[j];
      if (a.finger === b.finger) genuine.push(compare(cache, a, b));
      else {
        const s = compare(cache, a, b);
        extended.push(s);
        if (a.impression === 1 && b.impression === 1) impostor.push(s);
      }
    }
  }
  return { genuine, impostor, extended };
}

/** The genuine pairs of the FVC protocol (every two impressions of a finger, i < j) with their scores. */
export function genuinePairs(samples: Enrolled[]): { a: Enrolled; b: Enrolled; score: number }[] {
  const cache = new Map<FingerTemplate, FingerprintMatcher>();
  const out: { a: Enrolled; b: Enrolled; score: number }[] = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      if (samples[i].finger === samples[j].finger) out.push({ a: samples[i], b: samples[j], score: compare(cache, samples[i], samples[j]) });
    }
  }
  return out;
}
