// `candor eval contactless-sample --dataset DIR [--frames 0,1,2] [--direction auto|up] [--ppi N] [--no-unroll]`
// Smoke test of the contactless pipeline on the shared contactless sample (4 subjects x 5
// fingers): processed-to-processed (capture 1 vs 2) and raw-camera-frame-to-processed scores.
// Far too small for a figure to quote; it shows the pipeline runs end to end on real photos.
import { readFileSync } from 'node:fs';
import { selectSharpestFrame, type ContactlessOptions } from '@candor/finger/contactless';
import { extractFromGray, type FingerprintMatcher, type FingerTemplate } from '@candor/finger';
import { parseArgs } from '../finger/dataset.ts';
import { enrolPhoto } from './folder.ts';
import { listContactlessSample } from './sample.ts';
import { rates, score, summary } from './scores.ts';

export default async function evalContactlessSample(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args.dataset !== 'string') {
    process.stderr.write('usage: candor eval contactless-sample --dataset DIR [--frames 0,1,2] [--direction auto|up] [--ppi N] [--no-unroll]\n');
    return 2;
  }
  const opts: ContactlessOptions = { direction: args.direction === 'up' ? 'up' : 'auto', unroll: args['no-unroll'] !== true };
  // `--ppi N` fixes the processed images' scale (a device that knows its resolution) instead of
  // estimating it from the ridge period; the raw frames keep the estimate (their scale differs).
  const processedOpts: ContactlessOptions = typeof args.ppi === 'string' ? { ...opts, ppi: Number(args.ppi) } : opts;
  // Frames 3-5 of each finger are lit by projected fringes (structured light for 3-D), which the
  // sharpness measure mistakes for ridge contrast; the default keeps the three plainly lit frames.
  const frameIdx = typeof args.frames === 'string' ? args.frames.split(',').map(Number) : [0, 1, 2];
  const set = listContactlessSample(args.dataset);
  const t0 = performance.now();
  const processed = set.processed.map((s) => enrolPhoto(s, readFileSync(s.path), processedOpts));
  const msProcessed = (performance.now() - t0) / Math.max(1, processed.length);

  const cache = new Map<FingerTemplate, FingerprintMatcher>();
  const genuine: number[] = [], impostor: number[] = [], impostorC1: number[] = [];
  for (let i = 0; i < processed.length; i++) {
    for (let j = i + 1; j < processed.length; j++) {
      const a = processed[i], b = processed[j], s = score(a.template, b.template, cache);
      if (a.finger === b.finger) genuine.push(s);
      else { impostor.push(s); if (a.impression === 1 && b.impression === 1) impostorC1.push(s); }
    }
  }

  // Raw frames of capture 1: keep the sharpest usable frame per finger, compare with processed images.
  const chosen: Record<string, number> = {};
  const rawTemplates = new Map<string, FingerTemplate | null>();
  const rawErrors: Record<string, number> = {};
  const t1 = performance.now();
  let frameCount = 0;
  for (const [finger, paths] of set.raw) {
    const frames = frameIdx.map((k) => paths[k]).filter((p): p is string => !!p).map((p) => new Uint8Array(readFileSync(p)));
    frameCount += frames.length;
    try {
      const best = selectSharpestFrame(frames, opts);
      chosen[finger] = frameIdx[best.index];
      rawTemplates.set(finger, extractFromGray(best.print.image, { dpi: 500 }).template);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'ERROR';
      rawErrors[code] = (rawErrors[code] ?? 0) + 1;
      rawTemplates.set(finger, null);
    }
  }
  const msPerFrame = (performance.now() - t1) / Math.max(1, frameCount);
  const rawGenuine: number[] = [], rawImpostor: number[] = [];
  for (const [finger, t] of rawTemplates) {
    for (const p of processed) (p.finger === finger ? rawGenuine : rawImpostor).push(score(t, p.template, cache));
  }
  const frameHistogram: Record<string, number> = {};
  for (const k of Object.values(chosen)) frameHistogram[k] = (frameHistogram[k] ?? 0) + 1;
  const errors: Record<string, number> = {};
  for (const p of processed) if (p.error) errors[p.error] = (errors[p.error] ?? 0) + 1;

  const result = {
    dataset: args.dataset,
    note: 'smoke test on 4 subjects x 5 fingers (20 genuine pairs): not a figure to quote',
    options: processedOpts,
    processed: {
      images: processed.length, failedToEnrol: errors, msPerImage: Math.round(msProcessed),
      genuine: summary(genuine), impostor: summary(impostor), impostorCapture1: summary(impostorC1),
      ...rates(genuine, impostor),
    },
    rawToProcessed: {
      fingers: rawTemplates.size, framesPerFinger: frameIdx.length, chosenFrame: frameHistogram, failedToEnrol: rawErrors,
      msPerFrame: Math.round(msPerFrame),
      genuine: summary(rawGenuine), impostor: summary(rawImpostor), ...rates(rawGenuine, rawImpostor),
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
  return 0;
}
