// `candor eval finger --dataset DIR [--dpi N] [--json] [--contactless] [--det FILE.svg]`
// FVC protocol verification accuracy of the fingerprint engine on one dataset folder.
import { writeFileSync } from 'node:fs';
import { detCurve, detSvg, errorRates } from '../metrics.ts';
import { contactlessHook, defaultDpi, enrolAll, listSamples, parseArgs } from './dataset.ts';
import { fvcScores } from './protocol.ts';

export default async function evalFinger(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dir = args.dataset;
  if (typeof dir !== 'string') {
    process.stderr.write('usage: candor eval finger --dataset DIR [--dpi N] [--json] [--contactless] [--det FILE.svg]\n');
    return 2;
  }
  const dpi = typeof args.dpi === 'string' ? Number(args.dpi) : defaultDpi(dir);
  const toGray = args.contactless ? await contactlessHook() : undefined;
  const enrolled = await enrolAll(listSamples(dir), dpi, toGray);
  const scores = fvcScores(enrolled);
  const fte = enrolled.filter((e) => !e.template).length / Math.max(1, enrolled.length);
  const fvc = errorRates(scores.genuine, scores.impostor);
  const ext = errorRates(scores.genuine, scores.extended);
  const result = {
    // Templates are scored as stored (binary format v2: integer pixels, 2π/256 directions, ridge field).
    dataset: dir, dpi, images: enrolled.length, templates: 'stored',
    genuine: scores.genuine.length, impostor: scores.impostor.length, fte, ...fvc,
    extended: { genuine: scores.genuine.length, impostor: scores.extended.length, fte, ...ext },
  };
  const detPath = typeof args.det === 'string' ? args.det : undefined;
  if (detPath) {
    writeFileSync(detPath, detSvg([
      { label: 'FVC impostors', points: detCurve(scores.genuine, scores.impostor) },
      { label: 'extended impostors', points: detCurve(scores.genuine, scores.extended) },
    ], `finger ${dir}`));
  }
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
    process.stdout.write(`${dir} (${dpi} ppi): ${enrolled.length} images, FTE ${pct(fte)}, templates scored as stored\n`);
    for (const [name, r, n] of [['FVC', fvc, scores.impostor.length], ['extended', ext, scores.extended.length]] as const) {
      process.stdout.write(`  ${name}: genuine ${scores.genuine.length}, impostor ${n}, EER ${pct(r.eer)}, FMR100 ${pct(r.fmr100)}, FMR1000 ${pct(r.fmr1000)}, ZeroFMR ${pct(r.zerofmr)}\n`);
    }
    if (detPath) process.stdout.write(`  DET curve: ${detPath}\n`);
  }
  return 0;
}
