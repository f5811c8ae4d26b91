// `candor eval finger-quality [--datasets DIR,...] [--fmr F] [--json]`
// Does the quality score predict matching errors? The error-versus-discard characteristic (EDC, as in
// ISO/IEC 29794-1 and the NFIQ 2 report): the genuine pairs of the FVC protocol (every two impressions
// of a finger) are ranked by pair quality, the lower of the two samples' values; the worst fraction is
// discarded and the false non-match rate of the rest is measured at one fixed threshold, the score the
// engine's calibration gives FMR `--fmr` (default 1e-3, the threshold a search would use). A useful
// quality measure makes FNMR fall quickly as the worst pairs are discarded; discarding at random leaves
// it where it was; the oracle discards exactly the failures. Printed for the quality score and for each
// of its measures alone, with the share of samples each reason flags and the FNMR of pairs it touches.
import { fileURLToPath } from 'node:url';
import { fingerCalibration } from '@candor/finger';
import { defaultDpi, enrolAll, listSamples, parseArgs, type Enrolled } from './dataset.ts';
import { genuinePairs } from './protocol.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/datasets/fvc2002', import.meta.url));
const DISCARD = [0, 0.05, 0.1, 0.15, 0.2, 0.3];

interface Pair { score: number; a: Enrolled; b: Enrolled }

/**
 * FNMR after discarding the `fraction` of pairs with the lowest quality. Pairs tied at the cut are
 * discarded in proportion (the expected FNMR over every order of the tie), so integer-valued measures
 * are not favoured by the order pairs happen to be listed in.
 */
export function fnmrAfterDiscard(pairs: { quality: number; miss: boolean }[], fraction: number): number {
  const sorted = [...pairs].sort((x, y) => x.quality - y.quality);
  const n = sorted.length, drop = fraction * n;
  let kept = 0, misses = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && sorted[j].quality === sorted[i].quality) j++;
    // This tie group covers ranks [i, j): the part of it at or beyond `drop` is kept.
    const keep = Math.min(j - i, Math.max(0, j - Math.max(i, drop)));
    const groupMisses = sorted.slice(i, j).filter((p) => p.miss).length;
    kept += keep; misses += (groupMisses * keep) / (j - i);
    i = j;
  }
  return kept > 0 ? misses / kept : 0;
}

export default async function evalFingerQuality(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dirs = typeof args.datasets === 'string' ? args.datasets.split(',') : ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'].map((d) => `${DATA}/${d}`);
  const targetFmr = typeof args.fmr === 'string' ? Number(args.fmr) : 1e-3;
  if (!(targetFmr > 0 && targetFmr < 1)) { process.stderr.write('--fmr must be between 0 and 1\n'); return 2; }
  const threshold = fingerCalibration().thresholdFor(targetFmr);

  const samples: Enrolled[] = [], pairs: Pair[] = [];
  for (const dir of dirs) {
    const enrolled = await enrolAll(listSamples(dir), defaultDpi(dir));
    samples.push(...enrolled);
    // A failure to enrol is a non-match (FVC convention: score -Infinity), with quality 0.
    pairs.push(...genuinePairs(enrolled));
  }
  const miss = (p: Pair) => p.score < threshold;
  const measureOf = (name: string) => (e: Enrolled) => (name === 'score' ? e.quality : e.qualityMeasures?.[name] ?? 0);
  const measures = ['score', 'area', 'coherence', 'contrast', 'minutiae'];
  const edc: Record<string, number[]> = {};
  for (const name of measures) {
    const q = measureOf(name);
    const rated = pairs.map((p) => ({ quality: Math.min(q(p.a), q(p.b)), miss: miss(p) }));
    edc[name] = DISCARD.map((f) => fnmrAfterDiscard(rated, f));
  }
  const misses = pairs.filter(miss).length;
  edc.oracle = DISCARD.map((f) => { const d = Math.floor(f * pairs.length); return Math.max(0, misses - d) / (pairs.length - d); });
  edc.random = DISCARD.map(() => misses / pairs.length);

  // Each reason: the share of samples it flags, and the FNMR of the pairs with a flagged sample against the rest.
  const reasons = [...new Set(samples.flatMap((s) => s.qualityReasons ?? []))].sort();
  const byReason = Object.fromEntries(reasons.map((r) => {
    const flagged = (e: Enrolled) => e.qualityReasons?.includes(r) ?? false;
    const touched = pairs.filter((p) => flagged(p.a) || flagged(p.b)), clean = pairs.filter((p) => !flagged(p.a) && !flagged(p.b));
    return [r, {
      samples: samples.filter(flagged).length / samples.length,
      pairsTouched: touched.length,
      fnmrTouched: touched.length ? touched.filter(miss).length / touched.length : 0,
      fnmrOthers: clean.length ? clean.filter(miss).length / clean.length : 0,
    }];
  }));

  const result = { datasets: dirs, samples: samples.length, genuinePairs: pairs.length, targetFmr, threshold: Math.round(threshold * 100) / 100, falseNonMatches: misses, discard: DISCARD, edc, reasons: byReason };
  if (args.json) { process.stdout.write(`${JSON.stringify(result)}\n`); return 0; }
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`.padStart(8);
  process.stdout.write(`${pairs.length} genuine pairs from ${samples.length} samples; threshold ${result.threshold} (calibrated FMR ${targetFmr}); ${misses} false non-matches\n`);
  process.stdout.write(`FNMR after discarding the lowest-quality share of pairs (pair quality = the lower sample's)\n`);
  process.stdout.write(`${'measure'.padEnd(11)}${DISCARD.map((f) => `${Math.round(f * 100)}%`.padStart(8)).join('')}\n`);
  for (const [name, row] of Object.entries(edc)) process.stdout.write(`${name.padEnd(11)}${row.map(pct).join('')}\n`);
  process.stdout.write('reason              samples  pairs touched  FNMR touched  FNMR others\n');
  for (const [r, v] of Object.entries(byReason)) process.stdout.write(`${r.padEnd(18)}${pct(v.samples)}${String(v.pairsTouched).padStart(15)}${pct(v.fnmrTouched).padStart(14)}${pct(v.fnmrOthers).padStart(13)}\n`);
  return 0;
}
