// `candor eval finger-robustness [--datasets DIR,...] [--conditions NAME,...] [--json]`
// FVC-protocol accuracy when the probes are captured under another condition than the gallery: each pair
// of the protocol (i < j) compares sample i as captured with sample j after one transform (a quarter
// turn, another resolution, a misdeclared resolution, another tone curve, noise, blur;
// capture-conditions.ts). The engine's parameters were tuned on the original captures of these four
// sets, so this shows how far its figures move when the input departs from them in one known way.
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { decodeFingerImage, extractFromGray } from '@candor/finger';
import { errorRates } from '../metrics.ts';
import { CONDITIONS, type Condition } from './capture-conditions.ts';
import { defaultDpi, enrolAll, listSamples, parseArgs, storedForm, type Enrolled, type Sample } from './dataset.ts';
import { fvcScores } from './protocol.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/datasets/fvc2002', import.meta.url));

/** Extracts every sample after `condition`; failures are null templates (failures to enrol). */
function enrolUnder(samples: Sample[], dpi: number, condition: Condition): Enrolled[] {
  return samples.map((s, k) => {
    const t0 = performance.now();
    try {
      const c = condition.apply({ image: decodeFingerImage(readFileSync(s.path)), dpi }, 1 + k);
      const ex = extractFromGray(c.image, { dpi: c.dpi });
      return { ...s, template: storedForm(ex.template), quality: ex.quality.score, ms: performance.now() - t0 };
    } catch (e) {
      return { ...s, template: null, quality: 0, ms: performance.now() - t0, error: (e as { code?: string }).code ?? String(e) };
    }
  });
}

interface Row { fte: number; eer: number; fmr1000: number; extendedEer: number; extendedFmr1000: number }

function rates(gallery: Enrolled[], probes: Enrolled[]): Row {
  const s = fvcScores(gallery, probes);
  const fvc = errorRates(s.genuine, s.impostor), ext = errorRates(s.genuine, s.extended);
  return { fte: probes.filter((e) => !e.template).length / Math.max(1, probes.length), eer: fvc.eer, fmr1000: fvc.fmr1000, extendedEer: ext.eer, extendedFmr1000: ext.fmr1000 };
}

export default async function evalFingerRobustness(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dirs = typeof args.datasets === 'string' ? args.datasets.split(',') : ['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B'].map((d) => `${DATA}/${d}`);
  const wanted = typeof args.conditions === 'string' ? args.conditions.split(',') : CONDITIONS.map((c) => c.name);
  const unknown = wanted.filter((w) => !CONDITIONS.some((c) => c.name === w));
  if (unknown.length) {
    process.stderr.write(`unknown condition(s) ${unknown.join(', ')}; known: ${CONDITIONS.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  const conditions = CONDITIONS.filter((c) => wanted.includes(c.name));
  const perDataset: Record<string, Record<string, Row>> = {};
  for (const dir of dirs) {
    const dpi = defaultDpi(dir), samples = listSamples(dir);
    const gallery = await enrolAll(samples, dpi);
    const rows: Record<string, Row> = { original: rates(gallery, gallery) };
    for (const c of conditions) rows[c.name] = rates(gallery, enrolUnder(samples, dpi, c));
    perDataset[dir.split('/').pop()!] = rows;
  }
  // Mean over the datasets, per condition.
  const names = ['original', ...conditions.map((c) => c.name)];
  const mean: Record<string, Row> = {};
  for (const n of names) {
    const rs = Object.values(perDataset).map((d) => d[n]);
    mean[n] = Object.fromEntries((['fte', 'eer', 'fmr1000', 'extendedEer', 'extendedFmr1000'] as const).map((k) => [k, rs.reduce((a, r) => a + r[k], 0) / rs.length])) as unknown as Row;
  }
  if (args.json) { process.stdout.write(`${JSON.stringify({ datasets: dirs, mean, perDataset })}\n`); return 0; }
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`.padStart(7);
  process.stdout.write(`Gallery as captured, probes under each condition; FVC protocol, mean over ${dirs.length} dataset(s) (per dataset with --json)\n`);
  process.stdout.write(`${'condition'.padEnd(14)}    FTE     EER FMR1000 ext.EER ext.FMR1000  what it stands for\n`);
  for (const n of names) {
    const r = mean[n], about = n === 'original' ? 'the captures as they are' : CONDITIONS.find((c) => c.name === n)!.about;
    process.stdout.write(`${n.padEnd(14)}${pct(r.fte)} ${pct(r.eer)} ${pct(r.fmr1000)} ${pct(r.extendedEer)}     ${pct(r.extendedFmr1000)}  ${about}\n`);
  }
  return 0;
}
