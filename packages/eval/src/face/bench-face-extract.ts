// `candor bench face-extract [--dataset DIR] [--count N] [--no-flip]`: time per image of each stage on one core
// (onnxruntime intraOpNumThreads 1), wall and CPU: decode, detect (with landmarks), align, embed, quality (eye
// model and measures), and liveness. Without a dataset it cycles over generated copies of the
// test face fixture. Prints JSON with medians and 95th percentiles in milliseconds.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { align, DEFAULT_ENCODER } from '@candor/face';
import { createNodeFaceEngine } from '@candor/face/node';
import { parseArgs } from './args.ts';

export default async function benchFaceExtract(argv: string[]): Promise<number> {
  const { flags, on } = parseArgs(argv, ['no-flip']);
  const count = Number(flags.count ?? 200);
  const files = flags.dataset ? await datasetImages(join(flags.dataset, 'images'), count) : [];
  if (files.length === 0) {
    const { faceFixturePath } = await import('../../../face/test/fixtures.ts');
    files.push(faceFixturePath());
  }
  // --no-flip: one encoder run instead of two (the mirrored crop), to show what the flip costs.
  const engine = await createNodeFaceEngine({ threads: 1, encoder: { ...DEFAULT_ENCODER, flip: !on.has('no-flip') } });
  const stages = ['decode', 'detect', 'align', 'embed', 'quality_liveness', 'core', 'total'] as const;
  const times: Record<(typeof stages)[number], number[]> = { decode: [], detect: [], align: [], embed: [], quality_liveness: [], core: [], total: [] };
  // CPU time of the process for the core pipeline: on a shared machine wall time includes waiting
  // for a core; CPU time (all threads; onnxruntime runs one intra-op thread here) does not.
  const coreCpu: number[] = [];
  // CPU time per stage too (the stages run one after another on this thread, so the deltas add up).
  const cpuStages = ['decode', 'detect', 'align', 'embed'] as const;
  const stageCpu: Record<(typeof cpuStages)[number], number[]> = { decode: [], detect: [], align: [], embed: [] };
  const cpuMs = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  for (let i = -5; i < count; i++) { // 5 warm-up runs
    const bytes = await readFile(files[((i % files.length) + files.length) % files.length]);
    const c0 = process.cpuUsage();
    const k0 = cpuMs();
    const t0 = performance.now();
    const image = await engine.decode(bytes);
    const t1 = performance.now();
    const k1 = cpuMs();
    const { faces } = await engine.detect(image);
    const t2 = performance.now();
    const k2 = cpuMs();
    if (faces.length === 0) continue;
    const aligned = align(image, faces[0].landmarks, engine.encoder.inputSize);
    const t3 = performance.now();
    const k3 = cpuMs();
    await engine.encoder.encode(aligned);
    const t4 = performance.now();
    const k4 = cpuMs();
    const c4 = process.cpuUsage(c0);
    const t5s = performance.now();
    await engine.analyze(bytes); // the full pipeline once more, for quality and liveness by difference
    const t5 = performance.now();
    if (i < 0) continue;
    times.decode.push(t1 - t0); times.detect.push(t2 - t1); times.align.push(t3 - t2); times.embed.push(t4 - t3);
    times.core.push(t4 - t0); times.total.push(t5 - t5s);
    coreCpu.push((c4.user + c4.system) / 1000);
    stageCpu.decode.push(k1 - k0); stageCpu.detect.push(k2 - k1); stageCpu.align.push(k3 - k2); stageCpu.embed.push(k4 - k3);
    times.quality_liveness.push(Math.max(0, t5 - t5s - (t4 - t0)));
  }
  const summary: Record<string, unknown> = { images: times.core.length, distinct_files: files.length, threads: 1, model: engine.modelId, flip: !on.has('no-flip') };
  for (const s of stages) summary[s] = { median_ms: round(quantile(times[s], 0.5)), p95_ms: round(quantile(times[s], 0.95)) };
  summary.core_cpu = { median_ms: round(quantile(coreCpu, 0.5)), p95_ms: round(quantile(coreCpu, 0.95)) };
  summary.stage_cpu_median_ms = Object.fromEntries(cpuStages.map((s) => [s, round(quantile(stageCpu[s], 0.5))]));
  summary.load_average = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
  summary.note = 'core = decode+detect(+landmarks)+align+embed; total = analyze() with quality and liveness; *_ms are wall times, core_cpu and stage_cpu are process CPU time; load_average at the end';
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

async function datasetImages(dir: string, count: number): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    for (const f of (await readdir(join(dir, name))).sort()) { out.push(join(dir, name, f)); if (out.length >= count) return out; }
  }
  return out;
}

function quantile(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}
const round = (v: number): number => Math.round(v * 100) / 100;
