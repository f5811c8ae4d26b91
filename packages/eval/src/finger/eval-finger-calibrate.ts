// `candor eval finger-calibrate --datasets DIR[,DIR...] [--out FILE]`
// Measures impostor scores (every impression against every impression of other fingers) and
// writes the score → FMR table the engine ships (packages/finger/src/match/calibration.json).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  for (const dir of args.datasets.split(',')) {
    const enrolled = await enrolAll(listSamples(dir), defaultDpi(dir));
    for (const s of fvcScores(enrolled).extended) if (Number.isFinite(s)) impostor.push(s);
  }
  const table = buildTable(impostor);
  const out = typeof args.out === 'string' ? args.out : DEFAULT_OUT;
  writeFileSync(out, `${JSON.stringify(table)}\n`);
  process.stdout.write(`${JSON.stringify({ out, impostors: impostor.length, points: table.scores.length, tailSlope: table.tailSlope })}\n`);
  return 0;
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
