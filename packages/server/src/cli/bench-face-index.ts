// candor bench face-index [--faces 1000000] [--queries 50] [--encodings int8,float32]
//   [--impostor-std 0.093] [--genuine-cos 0.666] [--seed 1] [--projections 64:1000,96:2000]
// The face index alone, in memory, without the store or the HTTP path (bench search does those): a
// clustered synthetic gallery (synthetic-faces.ts; defaults are the spread bench search measured on
// the face engine's calibration and LFW DevTrain pairs: impostor std 0.093, genuine cosine 0.666),
// probes that are new samples of gallery identities, recall@10 against usearch's exact Float32
// inner-product scan, and per-query wall and CPU time of each index encoding. Prints JSON. CPU time
// is the process's (all threads), so with scan threads it exceeds the wall time. --projections
// repeats the int8 run once per dims:shortlist setting of the projected first pass (same gallery).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { args, json, progress } from './args.ts';
import { syntheticFaces } from './synthetic-faces.ts';
import { FaceIndex, PROJECTION, type FaceSearchIndex } from '../face-index.ts';

const DIM = 512;
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 100) / 100; };
function xorshift(seed: number) { let s = seed >>> 0 || 1; return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; }; }

export default async function benchFaceIndex(argv: string[]): Promise<number> {
  const { values } = args(argv, {
    faces: { type: 'string' }, queries: { type: 'string' }, encodings: { type: 'string' },
    'impostor-std': { type: 'string' }, 'genuine-cos': { type: 'string' }, seed: { type: 'string' }, projections: { type: 'string' },
  });
  const n = Number(values.faces ?? 1_000_000);
  const nq = Number(values.queries ?? 50);
  const encodings = (values.encodings ?? 'int8').split(',') as ('int8' | 'float32')[];
  // One run per encoding; int8 once per projection setting when --projections is given.
  const runs: { encoding: 'int8' | 'float32'; dims?: number; shortlist?: number }[] = encodings.flatMap((encoding) =>
    encoding === 'int8' && values.projections
      ? values.projections.split(',').map((p) => { const [dims, shortlist] = p.split(':').map(Number); return { encoding, dims, shortlist }; })
      : [{ encoding }]);
  const spread = { impostorStd: Number(values['impostor-std'] ?? 0.093), genuineCos: Number(values['genuine-cos'] ?? 0.666) };
  const rand = xorshift(Number(values.seed ?? 1));
  const synth = syntheticFaces(DIM, spread, rand);

  // Gallery: one template per identity; the first nq identities' centres are kept for their probes.
  const all = new Float32Array(n * DIM);
  const centres = new Float32Array(nq * DIM), scratch = new Float32Array(DIM);
  const bar = progress(n, 'generate');
  for (let i = 0; i < n; i++) {
    const [into, off] = i < nq ? [centres, i * DIM] : [scratch, 0];
    synth.centre(into, off);
    synth.sample(into, off, all, i * DIM);
    if (i % 10000 === 0) bar(i);
  }
  bar(n);
  // Probe q is another photo of gallery identity q.
  const probes = new Float32Array(nq * DIM);
  for (let q = 0; q < nq; q++) synth.sample(centres, q * DIM, probes, q * DIM);

  const usearch = createRequire(import.meta.url)('usearch') as typeof import('usearch');
  const t0 = performance.now();
  const m = usearch.exactSearch(all, probes, DIM, 10, usearch.MetricKind.IP, 2);
  const truth: Set<number>[] = [];
  for (let q = 0; q < nq; q++) truth.push(new Set([...('get' in m ? m.get(q).keys : m.keys)].map(Number)));
  const truthSeconds = Math.round((performance.now() - t0) / 100) / 10;

  const results = [];
  const defaults = { ...PROJECTION };
  for (const { encoding, dims, shortlist } of runs) {
    Object.assign(PROJECTION, defaults, dims ? { dims } : {}, shortlist ? { shortlist } : {});
    const b0 = performance.now();
    const index: FaceSearchIndex = new FaceIndex(DIM, encoding, n);
    for (let i = 0; i < n; i++) index.add(i, all.subarray(i * DIM, (i + 1) * DIM));
    const buildSeconds = Math.round((performance.now() - b0) / 100) / 10;
    if (index instanceof FaceIndex) await index.ready();
    index.search(probes.subarray(0, DIM), 10); // warm-up: compile the hot loop
    const wall: number[] = [], cpu: number[] = [];
    let hits = 0, mateFirst = 0;
    for (let q = 0; q < nq; q++) {
      const probe = probes.subarray(q * DIM, (q + 1) * DIM);
      const w = performance.now(), c = cpuMs();
      const top = index.search(probe, 10);
      wall.push(performance.now() - w); cpu.push(cpuMs() - c);
      hits += top.filter((h) => truth[q].has(h.key)).length;
      if (top[0]?.key === q) mateFirst++;
    }
    results.push({
      encoding, buildSeconds, memoryMB: Math.round(process.memoryUsage().rss / 2 ** 20),
      p50ms: pct(wall, 0.5), p95ms: pct(wall, 0.95), cpuP50ms: pct(cpu, 0.5), cpuP95ms: pct(cpu, 0.95),
      recallAt10VsExact: hits / (nq * 10), mateFirst,
      ...(index instanceof FaceIndex && index.projection ? { projection: { ...index.projection, shortlist: PROJECTION.shortlist } } : {}),
    });
    if (index instanceof FaceIndex) index.close();
  }
  json({ faces: n, queries: nq, spread, exactTruthSeconds: truthSeconds, loadavg: loadavg().map((x) => Math.round(x * 10) / 10), results });
  return 0;
}
