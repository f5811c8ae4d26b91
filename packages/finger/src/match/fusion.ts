// Multi-finger fusion: a probe of several fingers against a record of several fingers.
//
// Each comparison's score is first turned into evidence e = -log10(FMR) through the calibration
// (calibration.ts). Then:
// 1. Assignment. Each probe finger is paired with at most one record finger and each record finger
//    with at most one probe finger: the pairing with the most pairs, and among those the largest
//    evidence sum. Taking each probe finger's best over the whole record instead would let one record
//    finger serve two probe fingers (two captures of the same finger, or one finger that happens to
//    resemble both), counting the same evidence twice.
// 2. Sum. Under independence an impostor comparison's FMR is uniform on (0, 1], so each term's
//    -ln(FMR) is Exp(1) and a sum of t terms is Gamma(t, 1): P(S >= s) = e^-s * sum_{j<t} s^j / j!.
//    Multiplying the FMRs (10^-sum) would state the FMR of the single most favourable outcome, not of
//    "a sum at least this large": for two fingers at a product of 1e-6 it overstates the evidence 15x.
// 3. Choice. The best of A possible pairings was taken; by the union bound the FMR of the best is at
//    most A times the FMR of one. With known finger positions there is one pairing (A = 1); with
//    unknown positions and 2 probe fingers against a ten-print record, A = 90.
// The result is an estimate under independence of different fingers' impostor scores (the usual
// assumption; `candor eval finger-fusion` measures how it holds on FVC2002).

export interface FusedFingers {
  /** Estimated false-match rate of the record: the chance that an impostor record fuses this high. */
  fmr: number;
  /** -log10(fmr), the value records are ranked by. */
  score: number;
  /** Sum of the paired comparisons' evidence (-log10 FMR each). */
  evidence: number;
  /** Paired comparisons (t), and the number of pairings of that size that were possible (A). */
  terms: number; alternatives: number;
  /** For each probe finger, the record finger it is paired with, or -1. */
  pairedWith: number[];
}

/**
 * P(S >= s) for S the sum of `terms` independent Exp(1) variables, s = evidence * ln 10: the chance that
 * `terms` independent impostor comparisons reach this much evidence between them.
 */
export function sumTail(evidence: number, terms: number): number {
  if (terms <= 0 || !(evidence > 0)) return 1;
  const s = evidence * Math.LN10;
  let term = 1, sum = 1;
  for (let j = 1; j < terms; j++) { term *= s / j; sum += term; }
  return Math.min(1, Math.exp(-s) * sum);
}

/** -log10 of a false-match rate, 0 (not -0) at the cap of 1: the score records are ranked by. */
export function fmrScore(fmr: number): number {
  return fmr < 1 ? -Math.log10(fmr) : 0;
}

/** Probe fingers a record is fused over at most (the search's limit: 2^k states in the pairing). */
export const MAX_PROBE_FINGERS = 12;

/**
 * Fuses a probe × record matrix of evidence (-log10 FMR per comparison). `comparable(p, r)` says
 * whether probe finger p may be paired with record finger r (e.g. same or unknown position); by
 * default every pair may. Exact over all pairings: dynamic programming over the set of probe
 * fingers used, one record finger at a time (2^k states, k ≤ 12).
 */
export function fuseFingerEvidence(e: readonly (readonly number[])[], comparable?: (p: number, r: number) => boolean): FusedFingers {
  const k = e.length, m = k ? e[0].length : 0;
  if (k > MAX_PROBE_FINGERS) throw new RangeError(`a probe of ${k} fingers: at most ${MAX_PROBE_FINGERS} are fused`);
  const states = 1 << k;
  let best = new Float64Array(states).fill(-Infinity); best[0] = 0;
  let ways = new Float64Array(states); ways[0] = 1;
  // choice[r][mask]: the probe finger record finger r took to reach `mask` at its best, or -1.
  const choice: Int8Array[] = [];
  for (let r = 0; r < m; r++) {
    const nextBest = best.slice(), nextWays = ways.slice(), took = new Int8Array(states).fill(-1);
    for (let mask = 0; mask < states; mask++) {
      if (best[mask] === -Infinity) continue;
      for (let p = 0; p < k; p++) {
        if (mask & (1 << p) || (comparable && !comparable(p, r))) continue;
        const to = mask | (1 << p), v = best[mask] + Math.max(0, e[p][r]);
        nextWays[to] += ways[mask];
        if (v > nextBest[to]) { nextBest[to] = v; took[to] = p; }
      }
    }
    best = nextBest; ways = nextWays; choice.push(took);
  }
  // The largest pairing size reachable, then its best sum and how many pairings of that size exist.
  let terms = 0;
  for (let mask = 0; mask < states; mask++) if (best[mask] > -Infinity) terms = Math.max(terms, popcount(mask));
  let end = 0, alternatives = 0;
  for (let mask = 0; mask < states; mask++) {
    if (best[mask] === -Infinity || popcount(mask) !== terms) continue;
    alternatives += ways[mask];
    if (best[mask] > best[end] || popcount(end) !== terms) end = mask;
  }
  const pairedWith = new Array<number>(k).fill(-1);
  for (let r = m - 1, mask = end; r >= 0; r--) {
    const p = choice[r][mask];
    if (p >= 0) { pairedWith[p] = r; mask ^= 1 << p; }
  }
  const evidence = terms ? best[end] : 0;
  const fmr = Math.min(1, Math.max(1, alternatives) * sumTail(evidence, terms));
  return { fmr, score: fmrScore(fmr), evidence, terms, alternatives, pairedWith };
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
