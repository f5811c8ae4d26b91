// candor bench face-spectrum --dataset DIR [--count 2500] [--dims 256]
// How the face encoder spreads its templates over their dimensions: embeds up to --count photos of
// DIR/images (at most two per person, people in name order) with the face engine, learns the top
// --dims principal directions of the templates' second-moment matrix (face-projection.ts, the same
// code the index's projected first pass uses) and prints the share of the energy the top m hold,
// and the effective dimension (sum λ)² / sum λ² over those directions. This is what sets how many
// directions the projected first pass needs (docs/server.md). Prints JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createNodeFaceEngine } from '@candor/face/node';
import { args, json, progress } from './args.ts';
import { learnBasis } from '../face-projection.ts';

export default async function faceSpectrum(argv: string[]): Promise<number> {
  const { values } = args(argv, { dataset: { type: 'string' }, count: { type: 'string' }, dims: { type: 'string' } });
  if (!values.dataset) { process.stderr.write('usage: candor bench face-spectrum --dataset DIR [--count 2500] [--dims 256]\n'); return 2; }
  const count = Number(values.count ?? 2500), dims = Number(values.dims ?? 256);
  const dir = join(values.dataset, 'images');
  const face = await createNodeFaceEngine({ liveness: false });
  const photos: string[] = [];
  for (const person of readdirSync(dir).sort()) {
    for (const f of readdirSync(join(dir, person)).sort().slice(0, 2)) photos.push(join(dir, person, f));
    if (photos.length >= count) break;
  }
  const templates: Float32Array[] = [];
  let failed = 0, modelId = '';
  const bar = progress(Math.min(count, photos.length), 'embed');
  for (const path of photos.slice(0, count)) {
    try {
      const { template } = await face.analyze(readFileSync(path));
      templates.push(template.vector); modelId = template.modelId;
    } catch { failed++; } // no face, several faces: not part of the spectrum
    bar(templates.length + failed);
  }
  if (templates.length === 0) throw new Error('no photo could be analysed');
  const dim = templates[0].length;
  const sample = new Float32Array(templates.length * dim);
  templates.forEach((t, i) => sample.set(t, i * dim));
  const basis = learnBasis(sample, dim, templates.length, Math.min(dims, dim), 60);
  const energy: Record<string, number> = {};
  let acc = 0;
  basis.rowEnergy.forEach((e, k) => {
    acc += e;
    if ([8, 16, 32, 64, 96, 128, 192, 256, 384, 512].includes(k + 1)) energy[`top${k + 1}`] = Math.round(acc * 1000) / 1000;
  });
  const s1 = basis.rowEnergy.reduce((a, b) => a + b, 0), s2 = basis.rowEnergy.reduce((a, b) => a + b * b, 0);
  json({ dataset: values.dataset, templates: templates.length, failed, model: modelId, dim, energy, effectiveDimension: Math.round((s1 * s1) / s2 * 10) / 10, loadavg: loadavg().map((x) => Math.round(x * 10) / 10) });
  return 0;
}
