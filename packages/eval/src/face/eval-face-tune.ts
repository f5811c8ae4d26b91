// `candor eval face-tune --dataset DIR [--set JSON] [--per-class N]`: accuracy on an even subsample
// of pairsDevTrain (N same + N different pairs, default 150) with face-engine parameters overridden,
// e.g. --set '{"detector":{"padding":0.5}}' or '{"encoder":{"flip":false}}'. For tuning only: it
// never reads DevTest. Accuracy is 2-fold (threshold from the other half); EER and TAR on all.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ENCODER } from '@candor/face';
import * as params from '../../../face/src/params.ts';
import { createNodeFaceEngine } from '@candor/face/node';
import { parseArgs } from './args.ts';
import { cosine, embedAll } from './embedder.ts';
import { parsePairs } from './pairs.ts';
import { verificationFigures } from './verification.ts';

export default async function evalFaceTune(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, []);
  if (!flags.dataset) { process.stderr.write('usage: candor eval face-tune --dataset DIR [--set JSON] [--per-class N]\n'); return 2; }
  const overrides = JSON.parse(flags.set ?? '{}') as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(overrides)) {
    const target = k === 'encoder' ? DEFAULT_ENCODER : (params as unknown as Record<string, Record<string, unknown>>)[k];
    if (!target) throw new Error(`unknown parameter group ${k}`);
    Object.assign(target, v);
  }
  const n = Number(flags['per-class'] ?? 150);
  const file = parsePairs(await readFile(join(flags.dataset, 'pairsDevTrain.txt'), 'utf8'));
  const pick = <T,>(a: T[]): T[] => a.filter((_, i) => i % Math.floor(a.length / n) === 0).slice(0, n);
  const pairs = [...pick(file.pairs.filter((p) => p.same)), ...pick(file.pairs.filter((p) => !p.same))];
  const engine = await createNodeFaceEngine({ liveness: false, encoder: DEFAULT_ENCODER });
  const { vectors, seconds } = await embedAll(engine, join(flags.dataset, 'images'), pairs.flatMap((p) => [p.a, p.b]));
  const scored = pairs.map((p) => { const a = vectors.get(p.a), b = vectors.get(p.b); return { score: a && b ? cosine(a, b) : -Infinity, same: p.same, fold: 0 }; });
  const h1 = scored.filter((_, i) => i % 2 === 0), h2 = scored.filter((_, i) => i % 2 === 1);
  const all = verificationFigures(scored, scored);
  const result = {
    set: overrides, pairs: scored.length, fte: [...vectors.values()].filter((v) => !v).length / vectors.size,
    accuracy: (verificationFigures(h1, h2).accuracy + verificationFigures(h2, h1).accuracy) / 2,
    eer: all.eer, 'tar_at_far_1e-2': all['tar_at_far_1e-2'], ms_per_image_wall: Math.round((1000 * seconds) / vectors.size),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}
