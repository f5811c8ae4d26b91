// `candor eval face --dataset DIR --pairs FILE [--images DIR2] [--out DIR] [--json] [--compare]
//  [--write-calibration]`: LFW-protocol verification accuracy of the face engine.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { buildCalibration } from '@candor/face';
import { createNodeFaceEngine } from '@candor/face/node';
import { detSvg } from '../metrics.ts';
import { parseArgs } from './args.ts';
import { cosine, embedAll } from './embedder.ts';
import { parsePairs, personOf, type Pair } from './pairs.ts';
import { detPoints, verificationFigures, type Scored, type VerificationFigures } from './verification.ts';
import { runPeers } from './peers.ts';

export default async function evalFace(argv: string[]): Promise<number> {
  const { flags, on } = parseArgs(argv, ['json', 'compare', 'write-calibration']);
  if (!flags.dataset || !flags.pairs) {
    process.stderr.write('usage: candor eval face --dataset DIR --pairs FILE [--images DIR] [--out DIR] [--json] [--compare] [--write-calibration]\n');
    return 2;
  }
  const imagesDir = flags.images ?? join(flags.dataset, 'images');
  const log = (s: string): void => { if (!on.has('json')) process.stderr.write(`${s}\n`); };
  const file = parsePairs(await readFile(flags.pairs, 'utf8'));
  // View 1: the threshold for accuracy comes from pairsDevTrain.txt beside the pairs file.
  const trainPath = join(dirname(flags.pairs), 'pairsDevTrain.txt');
  const train = file.view === 1 && existsSync(trainPath) ? parsePairs(await readFile(trainPath, 'utf8')) : null;

  const engine = await createNodeFaceEngine({ liveness: false });
  const keys = [...file.pairs, ...(train?.pairs ?? [])].flatMap((p) => [p.a, p.b]);
  log(`embedding ${new Set(keys).size} images with ${engine.modelId}`);
  const { vectors, seconds } = await embedAll(engine, imagesDir, keys, !on.has('json'));
  const score = (p: Pair): Scored => {
    const a = vectors.get(p.a), b = vectors.get(p.b);
    return { score: a && b ? cosine(a, b) : -Infinity, same: p.same, fold: p.fold };
  };
  const testScores = file.pairs.map(score);
  const figures = verificationFigures(testScores, train ? train.pairs.map(score) : null);
  const testKeys = new Set(file.pairs.flatMap((p) => [p.a, p.b]));
  const fte = [...testKeys].filter((k) => !vectors.get(k)).length / testKeys.size;

  const result: Record<string, unknown> = {
    pairs: figures.pairs, fte, accuracy: figures.accuracy, eer: figures.eer,
    'tar_at_far_1e-2': figures['tar_at_far_1e-2'], 'tar_at_far_1e-3': figures['tar_at_far_1e-3'],
    threshold: figures.threshold, protocol: file.view === 1 ? (train ? 'view1, threshold from pairsDevTrain' : 'view1, threshold on the same pairs') : `view2, ${file.folds}-fold`,
    model: engine.modelId, images: testKeys.size, embed_seconds: Number(seconds.toFixed(1)),
  };
  const curves = [{ label: engine.modelId, points: detPoints(testScores) }];
  if (on.has('compare')) {
    // The peers run on TensorFlow.js WASM at about 1 s per image here, so they get an even
    // subsample of the pairs (--compare-pairs, default 300), and all three systems are scored on
    // it with the same protocol: 10-fold cross-validated accuracy within the subsample.
    const n = Number(flags['compare-pairs'] ?? 300);
    const step = Math.max(1, file.pairs.length / n);
    const subset = Array.from({ length: Math.min(n, file.pairs.length) }, (_, i) => ({ ...file.pairs[Math.floor(i * step)], fold: i % 10 }));
    const subFile = { view: 2 as const, folds: 10, pairs: subset };
    const mine = verificationFigures(subset.map(score), null);
    const subKeys = new Set(subset.flatMap((p) => [p.a, p.b]));
    const systems: Record<string, unknown>[] = [{ name: `candor ${engine.modelId}`, pairs: mine.pairs, fte: [...subKeys].filter((k) => !vectors.get(k)).length / subKeys.size,
      accuracy: mine.accuracy, eer: mine.eer, 'tar_at_far_1e-2': mine['tar_at_far_1e-2'], 'tar_at_far_1e-3': mine['tar_at_far_1e-3'] }];
    const peers = await runPeers(subFile, null, imagesDir, log);
    for (const p of peers) { systems.push(p.summary); if (p.scores) curves.push({ label: p.summary.name as string, points: detPoints(p.scores) }); }
    result.compare = { pairs: subset.length, protocol: `even subsample of ${basename(flags.pairs)}, 10-fold CV accuracy`, systems };
  }
  if (on.has('write-calibration')) {
    if (!train && !/Train/.test(basename(flags.pairs))) throw new Error('--write-calibration needs pairsDevTrain (the calibration must not see the test pairs)');
    const calibPairs = train ?? file;
    result.calibration = await writeCalibration(engine.modelId, calibPairs.pairs, vectors);
  }

  const out = flags.out ?? 'reports';
  await mkdir(out, { recursive: true });
  const stem = `face-${basename(flags.pairs).replace(/\.txt$/, '')}`;
  await sharp(Buffer.from(detSvg(curves, `Face verification DET, ${basename(flags.pairs)}`))).png().toFile(join(out, `${stem}-det.png`));
  await writeFile(join(out, `${stem}.md`), report(flags.pairs, result, figures, `${stem}-det.png`));
  if (on.has('json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

// Impostors: the DevTrain different-person pairs plus every pair of DevTrain images of different
// people, so that the table reaches FMRs far below 1 / (number of listed pairs).
async function writeCalibration(modelId: string, pairs: Pair[], vectors: Map<string, Float32Array | null>): Promise<Record<string, unknown>> {
  const keys = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].filter((k) => vectors.get(k));
  const scores: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const a = vectors.get(keys[i])!, pa = personOf(keys[i]);
    for (let j = i + 1; j < keys.length; j++) if (personOf(keys[j]) !== pa) scores.push(cosine(a, vectors.get(keys[j])!));
  }
  const table = buildCalibration(modelId, scores, `lfw-dev pairsDevTrain: all ${scores.length} different-person pairs of its ${keys.length} enrolled images; candor eval face --write-calibration`);
  const path = new URL(`../../../face/src/models/${modelId}.calibration.json`, import.meta.url);
  const rows = table.points.map(([score, fmr]) => `    [${score}, ${fmr}]`).join(',\n');
  await writeFile(path, `{\n  "modelId": ${JSON.stringify(table.modelId)},\n  "impostors": ${table.impostors},\n  "source": ${JSON.stringify(table.source)},\n  "points": [\n${rows}\n  ]\n}\n`);
  return { path: path.pathname, impostors: scores.length, rows: table.points.length };
}

function report(pairsFile: string, r: Record<string, unknown>, f: VerificationFigures, png: string): string {
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  const lines = [
    `# Face verification: ${basename(pairsFile)}`, '',
    `Model ${r.model}; ${r.protocol}; ${f.pairs} pairs, ${r.images} images.`, '',
    '| figure | value |', '|---|---|',
    `| accuracy | ${pct(f.accuracy)} (threshold ${f.threshold.toFixed(4)}) |`,
    `| failure to enrol | ${pct(r.fte as number)} |`,
    `| EER | ${pct(f.eer)} |`,
    `| TAR at FAR 1% | ${pct(f['tar_at_far_1e-2'])} |`,
    `| TAR at FAR 0.1% | ${pct(f['tar_at_far_1e-3'])} |`, '',
  ];
  if (r.compare) {
    lines.push('Peers on the same pairs (see protocol):', '', '```json', JSON.stringify(r.compare, null, 2), '```', '');
  }
  lines.push(`![DET](${png})`, '');
  return lines.join('\n');
}
