// `candor eval face-ident --dataset DIR [--json]`: 1:N identification on every person with 2+
// images. Gallery: the first image of each such person, plus half of the one-image people as
// distractors. Mated probes: the other images of the 2+ people. Non-mated probes: the other half of
// the one-image people (absent from the gallery). Rank-1 over mated probes; FNIR at FPIR 1%, where
// a mated search fails when its mate is not the top candidate at or above the threshold.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeFaceEngine } from '@candor/face/node';
import { parseArgs } from './args.ts';
import { cosine, embedAll } from './embedder.ts';

export default async function evalFaceIdent(argv: string[]): Promise<number> {
  const { flags, on } = parseArgs(argv, ['json']);
  if (!flags.dataset) { process.stderr.write('usage: candor eval face-ident --dataset DIR [--images DIR] [--json]\n'); return 2; }
  const imagesDir = flags.images ?? join(flags.dataset, 'images');
  const people = new Map<string, string[]>();
  for (const name of (await readdir(imagesDir)).sort()) {
    const files = (await readdir(join(imagesDir, name))).filter((f) => f.endsWith('.jpg')).sort();
    people.set(name, files.map((f) => `${name}/${Number(f.slice(name.length + 1, -4))}`));
  }
  const gallery: string[] = [], mated: string[] = [], nonMated: string[] = [];
  let single = 0;
  for (const keys of people.values()) {
    if (keys.length >= 2) { gallery.push(keys[0]); mated.push(...keys.slice(1)); }
    else if (single++ % 2 === 0) gallery.push(keys[0]);
    else nonMated.push(keys[0]);
  }
  const engine = await createNodeFaceEngine({ liveness: false });
  const { vectors } = await embedAll(engine, imagesDir, [...gallery, ...mated, ...nonMated], !on.has('json'));
  const enrolled = gallery.filter((k) => vectors.get(k));
  const top = (probe: string): { person: string; score: number } => {
    const v = vectors.get(probe);
    let best = { person: '', score: -Infinity };
    if (!v) return best;
    for (const g of enrolled) { const s = cosine(v, vectors.get(g)!); if (s > best.score) best = { person: g.split('/')[0], score: s }; }
    return best;
  };
  const matedTop = mated.map((p) => ({ ...top(p), mate: p.split('/')[0] }));
  const nonMatedTop = nonMated.map((p) => top(p).score).sort((a, b) => b - a);
  const rank1 = matedTop.filter((r) => r.person === r.mate).length / matedTop.length;
  // Threshold: the score that 1% of non-mated searches reach.
  const k = Math.max(0, Math.ceil(0.01 * nonMatedTop.length) - 1);
  const threshold = nonMatedTop[k] + 1e-9;
  const fnir = matedTop.filter((r) => !(r.person === r.mate && r.score >= threshold)).length / matedTop.length;
  const result = {
    gallery: gallery.length, gallery_enrolled: enrolled.length, mated_probes: mated.length, non_mated_probes: nonMated.length,
    rank1, 'fnir_at_fpir_1e-2': fnir, threshold, model: engine.modelId,
  };
  process.stdout.write(`${JSON.stringify(result, null, on.has('json') ? undefined : 2)}\n`);
  return 0;
}
