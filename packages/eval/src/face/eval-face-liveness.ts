// `candor eval face-liveness --dataset DIR [--count N]`: what the bundled presentation-attack model
// does on bona fide photos and on two simulated attacks made from them. LFW photos are news
// pictures, not live captures, and the attacks are simulations (no real attack data is available
// here), so these figures only show the model's behaviour, not its field error rates.
//   print:  washed-out colours, soft focus, low-quality JPEG (a printed photo held to the camera)
//   screen: periodic brightness stripes (moire), raised black level, JPEG (a photo of a screen)
// A search is "accepted as live" when the score is >= 0.5.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaceError } from '@candor/face';
import { createNodeFaceEngine } from '@candor/face/node';
import { parseArgs } from './args.ts';

type Attack = 'bona_fide' | 'print' | 'screen';

async function simulate(bytes: Buffer, attack: Attack): Promise<Buffer> {
  if (attack === 'print') return sharp(bytes).modulate({ saturation: 0.6 }).blur(1).linear(0.8, 30).jpeg({ quality: 60 }).toBuffer();
  if (attack === 'screen') {
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const k = 0.85 + 0.15 * Math.sin((x + y * 0.3) * 1.7);
        for (let c = 0; c < 3; c++) { const o = (y * info.width + x) * 3 + c; data[o] = Math.max(0, Math.min(255, data[o] * k + 25)); }
      }
    }
    return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 70 }).toBuffer();
  }
  return bytes;
}

export default async function evalFaceLiveness(argv: string[]): Promise<number> {
  const { flags, on } = parseArgs(argv, ['json']);
  if (!flags.dataset) { process.stderr.write('usage: candor eval face-liveness --dataset DIR [--count N]\n'); return 2; }
  const imagesDir = flags.images ?? join(flags.dataset, 'images');
  const count = Number(flags.count ?? 100);
  const people = (await readdir(imagesDir)).sort();
  const step = Math.max(1, Math.floor(people.length / count));
  const files: string[] = [];
  for (let i = 0; i < people.length && files.length < count; i += step) {
    const f = (await readdir(join(imagesDir, people[i]))).filter((n) => n.endsWith('.jpg')).sort()[0];
    if (f) files.push(join(imagesDir, people[i], f));
  }
  const engine = await createNodeFaceEngine();
  const result: Record<string, unknown> = { images: files.length, model: '', threshold: 0.5 };
  for (const attack of ['bona_fide', 'print', 'screen'] as Attack[]) {
    const scores: number[] = [];
    for (const f of files) {
      try {
        const a = await engine.analyze(await simulate(await readFile(f), attack));
        if (a.liveness) { scores.push(a.liveness.score); result.model = a.liveness.model; }
      } catch (e) { if (!(e instanceof FaceError)) throw e; }
    }
    const live = scores.filter((s) => s >= 0.5).length / scores.length;
    result[attack] = {
      analysed: scores.length, mean_score: Number((scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(3)),
      // For bona fide photos, rejected-as-attack is BPCER; for attacks, accepted-as-live is APCER.
      ...(attack === 'bona_fide' ? { bpcer: Number((1 - live).toFixed(3)) } : { apcer: Number(live.toFixed(3)) }),
    };
  }
  process.stdout.write(`${JSON.stringify(result, null, on.has('json') ? undefined : 2)}\n`);
  return 0;
}
