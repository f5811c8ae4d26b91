// `candor eval finger-calibrate --datasets DIR[,DIR...] [--out FILE]`
// Measures impostor scores (every impression against every impression of other fingers) and
// writes the score → FMR table the engine ships (packages/finger/src/match/calibration.json).
// With two or more datasets it also checks the table on impostors it was not fitted on: every
// impression of one dataset against every impression of another (different fingers, different
// sensors), printed as `heldOut`: the observed rate at the scores the table gives FMR 1e-2 … 1e-5.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FingerprintMatcher, calibrationFrom, type FingerTemplate } from '@candor/finger';
import { defaultDpi, enrolAll, listSamples, parseArgs } from './dataset.ts';
import { fvcScores } from './protocol.ts';

const DEFAULT_OUT = fileURLToPath(new URL('../../../finger/src/match/calibration.json', import.meta.url));

export default async function calibrate(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args.datasets !== 'string') {
    process.stderr.write('usage: candor eval finger-calibrate --datasets DIR[,DIR...] [--out FILE]\n');
    return 2;
  }
  const impostor: number[] = [];
  const sets: FingerTemplate[][] = [];
  for (const dir of args.datasets.split(',')) {
    const enrolled = await enrolAll(listSamples(dir), defaultDpi(dir));
    for (const s of fvcScores(enrolled).extended) if (Number.isFinite(s)) impostor.push(s);
    sets.push(enrolled.flatMap((e) => (e.template ? [e.template] : [])));
  }
  const table = buildTable(impostor);
  const out = typeof args.out === 'string' ? args.out : DEFAULT_OUT;
  writeFileSync(out, `${JSON.stringify(table)}\n`);
  process.stdout.write(`${JSON.stringify({ out, impostors: impostor.length, points: table.scores.length, tailSlope: table.tailSlope, heldOut: heldOutCheck(table, sets) })}\n`);
  return 0;
}

/** The table against cross-dataset impostors (not in it): stated FMR, the score it maps to, observed count and rate. */
function heldOutCheck(table: ReturnType<typeof buildTable>, sets: FingerTemplate[][]) {
  if (sets.length < 2) return null;
  const scores: number[] = [];
  for (let a = 0; a < sets.length; a++) {
    for (const t of sets[a]) {
      const m = new FingerprintMatcher(t);
      for (let b = a + 1; b < sets.length; b++) for (const u of sets[b]) scores.push(m.match(u));
    }
  }
  const cal = calibrationFrom(table);
  return {
    impostors: scores.length,
    at: [1e-2, 1e-3, 1e-4, 1e-5].map((stated) => {
      const threshold = cal.thresholdFor(stated);
      const over = scores.filter((s) => s >= threshold).length;
      return { stated, threshold: Math.round(threshold * 100) / 100, over, observed: over / scores.length };
    }),
  };
}

/** FMR at a ladder of score quantiles, denser towards the tail, plus a log-linear tail slope. */
export function buildTable(impostor: number[]) {
  const s = [...impostor].sort((a, b) => a - b); const n = s.length;
  const scores: number[] = []; const fmr: number[] = [];
  const fmrAt = (t: number) => { let lo = 0, hi = n; while (lo < hi) { const m = (lo + hi) >> 1; if (s[m] < t) lo = m + 1; else hi = m; } return (n - lo) / n; };
  for (let e = 0; e <= 40; e++) {
    const q = 1 - 10 ** (-e / 10); // quantiles 0, 0.206, ... down to FMR 1e-4
    const idx = Math.min(n - 1, Math.floor(q * n));
    const t = Math.round(s[idx] * 1000) / 1000;
    if (scores.length && t <= scores[scores.length - 1]) continue;
    const f = fmrAt(t);
    if (f <= 0) break;
    scores.push(t); fmr.push(f);
  }
  // Tail: fit log10(FMR) against score over the top 5% of impostors.
  const top = Math.max(2, Math.floor(n * 0.05));
  let sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
  for (let i = n - top; i < n; i++) {
    const x = s[i]; const y = Math.log10((n - i) / n);
    sx += x; sy += y; sxx += x * x; sxy += x * y; m++;
  }
  const slope = (m * sxy - sx * sy) / Math.max(1e-9, m * sxx - sx * sx);
  return { kind: 'contact', impostors: n, scores, fmr, tailSlope: Math.min(-0.01, Math.round(slope * 10000) / 10000) };
}
