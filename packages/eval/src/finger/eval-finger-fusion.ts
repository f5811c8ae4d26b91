// `candor eval finger-fusion [--datasets DIR,...] [--groupings N] [--json]`
// Multi-finger fusion on FVC2002: does the fused false-match rate hold, and what do more fingers buy?
//
// A dataset has 10 fingers of 8 impressions each. Its fingers are grouped into "persons" of k fingers
// (k = 1, 2, 4; `--groupings` random groupings per k, so that many combinations of fingers are seen);
// capture i of a person is impression i of each of its fingers. Genuine: a person's capture i as the
// probe against its capture j as the record (i < j). Impostor: every capture of a person against every
// capture of another person of the same dataset (one sensor, as the calibration was measured).
// Each comparison is fused three ways:
// - `product`: each probe finger's best record finger, FMRs multiplied (10^-sum of evidence): the
//   engine's rule before session 19, which counts one record finger twice and states the FMR of the
//   sum as if it were one comparison's;
// - `unknown positions`: probe fingers paired one-to-one with record fingers, the sum's tail, times
//   the number of possible pairings (fusion.ts; FingerIndex, and the server for unpositioned probes);
// - `known positions`: finger n of the probe with finger n of the record only (the server with ISO
//   positions).
// For each rule and target FMR t it prints the observed impostor rate at estimate <= t (a calibrated
// or conservative rule stays at or under t) and the FNMR at that operating point.
// The single-finger calibration table was fitted on these same impostor comparisons (k = 1 is in-sample);
// what the k > 1 rows test is the fusion: independence of fingers, the pairing and its correction.
import { fileURLToPath } from 'node:url';
import { FingerprintMatcher, evidence, fuseFingerEvidence } from '@candor/finger';
import { errorRates } from '../metrics.ts';
import { defaultDpi, enrolAll, listSamples, parseArgs } from './dataset.ts';
import { rng } from './synthetic.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/datasets/fvc2002', import.meta.url));
const TARGETS = [1e-2, 1e-3, 1e-4] as const;
const RULES = ['product', 'unknown positions', 'known positions'] as const;
type Rule = (typeof RULES)[number];

/** Estimated FMR of a record under each rule, from the probe × record evidence matrix. */
function fusedFmr(e: number[][], rule: Rule): number {
  if (rule === 'product') return 10 ** -e.reduce((sum, row) => sum + Math.max(...row), 0);
  return fuseFingerEvidence(e, rule === 'known positions' ? (p, r) => p === r : undefined).fmr;
}

function shuffled<T>(xs: T[], next: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

interface RuleResult { observedFmr: Record<string, number>; fnmr: Record<string, number>; eer: number }
interface KResult { fingers: number; persons: number; genuine: number; impostor: number; rules: Record<Rule, RuleResult> }

export default async function evalFingerFusion(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dirs = typeof args.datasets === 'string' ? args.datasets.split(',') : ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'].map((d) => `${DATA}/${d}`);
  const groupings = typeof args.groupings === 'string' ? Number(args.groupings) : 20;
  if (!(Number.isInteger(groupings) && groupings >= 1)) { process.stderr.write('--groupings must be a positive integer\n'); return 2; }

  // Per dataset: every impression's template, and evidence (-log10 FMR) of every ordered pair, computed once.
  const sets = [];
  for (const dir of dirs) {
    const enrolled = await enrolAll(listSamples(dir), defaultDpi(dir));
    const fingers = [...new Set(enrolled.map((e) => e.finger))];
    const impressions = [...new Set(enrolled.map((e) => e.impression))].sort((a, b) => a - b);
    const index = new Map(enrolled.map((e, k) => [`${e.finger}_${e.impression}`, k]));
    const at = (f: string, i: number) => index.get(`${f}_${i}`)!;
    const ev = enrolled.map((a) => {
      const m = a.template ? new FingerprintMatcher(a.template) : null;
      // A failure to enrol gives no evidence either way.
      return enrolled.map((b) => (m && b.template && a !== b ? evidence(m.match(b.template)) : 0));
    });
    sets.push({ fingers, impressions, at, ev });
  }

  const results: KResult[] = [];
  for (const k of [1, 2, 4]) {
    const est: Record<Rule, { genuine: number[]; impostor: number[] }> = Object.fromEntries(RULES.map((r) => [r, { genuine: [], impostor: [] }])) as never;
    let persons = 0;
    const next = rng(19 + k);
    for (let g = 0; g < (k === 1 ? 1 : groupings); g++) {
      for (const s of sets) {
        const order = k === 1 ? s.fingers : shuffled(s.fingers, next);
        const group: string[][] = [];
        for (let i = 0; i + k <= order.length; i += k) group.push(order.slice(i, i + k));
        persons += group.length;
        const compare = (p: string[], i: number, q: string[], j: number, kind: 'genuine' | 'impostor') => {
          const e = p.map((f) => q.map((h) => s.ev[s.at(f, i)][s.at(h, j)]));
          for (const r of RULES) est[r][kind].push(fusedFmr(e, r));
        };
        for (let a = 0; a < group.length; a++) {
          for (const i of s.impressions) for (const j of s.impressions) if (i < j) compare(group[a], i, group[a], j, 'genuine');
          for (let b = a + 1; b < group.length; b++) for (const i of s.impressions) for (const j of s.impressions) compare(group[a], i, group[b], j, 'impostor');
        }
      }
    }
    const rules = {} as Record<Rule, RuleResult>;
    for (const r of RULES) {
      const { genuine, impostor } = est[r];
      const observedFmr: Record<string, number> = {}, fnmr: Record<string, number> = {};
      for (const t of TARGETS) {
        observedFmr[String(t)] = impostor.filter((f) => f <= t).length / impostor.length;
        fnmr[String(t)] = genuine.filter((f) => f > t).length / genuine.length;
      }
      // EER on -log10 of the estimate (the ranking each rule gives).
      const score = (f: number) => -Math.log10(Math.max(f, 1e-300));
      rules[r] = { observedFmr, fnmr, eer: errorRates(genuine.map(score), impostor.map(score)).eer };
    }
    results.push({ fingers: k, persons, genuine: est.product.genuine.length, impostor: est.product.impostor.length, rules });
  }

  if (args.json) { process.stdout.write(`${JSON.stringify({ datasets: dirs, groupings, results })}\n`); return 0; }
  const pct = (v: number) => `${(100 * v).toFixed(3)}%`.padStart(8);
  process.stdout.write(`Persons of k fingers from ${dirs.length} dataset(s), ${groupings} random groupings per k > 1; impostors within a dataset\n`);
  process.stdout.write('At each target FMR t: observed impostor rate with estimated FMR <= t (should not exceed t), and FNMR there\n');
  process.stdout.write(`${'k'.padEnd(3)}${'genuine'.padStart(8)}${'impostor'.padStart(9)}  ${'rule'.padEnd(18)}${TARGETS.map((t) => `  FMR<=${t}: observed    FNMR`).join('')}      EER\n`);
  for (const x of results) {
    for (const r of RULES) {
      const q = x.rules[r];
      if (x.fingers === 1 && r !== 'product') continue; // one finger: the three rules agree
      const cells = TARGETS.map((t) => `          ${pct(q.observedFmr[String(t)])} ${pct(q.fnmr[String(t)])}`).join('');
      process.stdout.write(`${String(x.fingers).padEnd(3)}${String(x.genuine).padStart(8)}${String(x.impostor).padStart(9)}  ${(x.fingers === 1 ? 'one finger' : r).padEnd(18)}${cells} ${pct(q.eer)}\n`);
    }
  }
  return 0;
}
