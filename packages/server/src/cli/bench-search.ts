// candor bench search [--faces 1000000] [--tenprints 100000] [--queries 30] [--encoding float32|int8|hnsw]
//   [--recall-queries 20] [--probe-dir ../shared/datasets/lfw-dev/images] [--gallery random|clustered]
//   [--genuine-pairs 20]
// --gallery clustered: synthetic templates shaped like real ones (synthetic-faces.ts): the impostor
// spread is read off the face engine's calibration (measured on LFW DevTrain impostors) and the genuine
// cosine is measured here on the first --genuine-pairs same-person pairs of pairsDevTrain.txt; 1:N
// probes are new samples of gallery identities, so recall and mate rank are measured as with people.
// Speed of search at scale. Synthetic L2-normalised 512-d face templates and synthetic ten-print
// templates (random minutiae, the finger engine's own template codec) go straight into the
// in-memory index of the `identities` registry; one real person (two photos of one LFW identity)
// is enrolled through the normal pipeline so the probe has a true mate. Then:
//  - face 1:N alone: search latency (p50/p95) over random probes, and recall@10 of the int8 or
//    HNSW index against the exact Float32 scan;
//  - end to end: HTTP POST /v1/search on a listening server with a 1280x960 JPEG face probe
//    (the second photo, resized), p50/p95, and whether the mate is ranked first.
// Synthetic gallery entries exist only in memory (no rows), so only the real mate can be stored as
// a candidate. Prints JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { args, json, progress } from './args.ts';
import { FaceIndex, type FaceEncoding } from '../face-index.ts';
import { syntheticFaces, type SyntheticFaces } from './synthetic-faces.ts';

const DIM = 512;

function randomUnit(out: Float32Array, off: number, rand: () => number): void {
  let n = 0;
  for (let j = 0; j < DIM; j++) {
    // Sum of uniforms: close enough to Gaussian for directions spread over the sphere.
    const g = rand() + rand() + rand() - 1.5;
    out[off + j] = g; n += g * g;
  }
  n = 1 / Math.sqrt(n);
  for (let j = 0; j < DIM; j++) out[off + j] *= n;
}
function xorshift(seed: number) { let s = seed >>> 0 || 1; return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; }; }
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 100) / 100; };
const uuidFor = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export default async function benchSearch(argv: string[]): Promise<number> {
  const { values } = args(argv, {
    faces: { type: 'string' }, tenprints: { type: 'string' }, queries: { type: 'string' }, encoding: { type: 'string' },
    'recall-queries': { type: 'string' }, 'probe-dir': { type: 'string' }, gallery: { type: 'string' }, 'genuine-pairs': { type: 'string' },
  });
  const gallery = values.gallery ?? 'random';
  if (gallery !== 'random' && gallery !== 'clustered') throw new Error('--gallery is random or clustered');
  const nFaces = Number(values.faces ?? 1_000_000);
  const nTen = Number(values.tenprints ?? 100_000);
  const queries = Number(values.queries ?? 30);
  const recallQueries = Number(values['recall-queries'] ?? 20);
  const encoding = (values.encoding ?? 'float32') as FaceEncoding;
  const probeDir = values['probe-dir'] ?? join(process.cwd(), '../shared/datasets/lfw-dev/images');

  const { openStore } = await import('@candor/store');
  const { DEFAULT_PURPOSES } = await import('../context.ts');
  const { seedRegistries } = await import('../start.ts');
  const { Indexes } = await import('../indexes.ts');
  const { createRealEngines } = await import('../real-engines.ts');
  const { buildApp } = await import('../app.ts');
  const { enrolRecord } = await import('../enrol.ts');
  const { PARAMS } = await import('../params.ts');
  const sharp = (await import('sharp')).default;
  const finger = await import('@candor/finger');

  const store = await openStore({ memory: true, defaultPurposes: DEFAULT_PURPOSES });
  await seedRegistries(store);
  const engines = await createRealEngines((m) => process.stderr.write(`${m}\n`));
  if (!engines.face) throw new Error('bench search needs the face engine');
  const indexes = new Indexes(engines, encoding);
  const rand = xorshift(42);

  // Clustered gallery: spread targets from real templates (see header).
  let synth: SyntheticFaces | null = null;
  let spread: Record<string, number> | null = null;
  const probeIds = Math.max(queries, recallQueries);
  const centres = new Float32Array(probeIds * DIM);
  if (gallery === 'clustered') {
    const cal = engines.face.calibration;
    // Impostor scores are near Gaussian in their body: median and the +1 sigma quantile.
    const impostorMedian = cal.thresholdFor(0.5);
    const impostorStd = cal.thresholdFor(0.158655) - impostorMedian;
    const genuine = await genuineCosines(engines.face, probeDir, Number(values['genuine-pairs'] ?? 20));
    const genuineCos = genuine.reduce((a, b) => a + b, 0) / genuine.length;
    synth = syntheticFaces(DIM, { impostorStd, genuineCos }, rand);
    spread = { impostorMedian: r3(impostorMedian), impostorStd: r3(impostorStd), genuinePairs: genuine.length, genuineCosMean: r3(genuineCos), spectrumBeta: r3(synth.beta), tau: r3(synth.tau) };
  }

  // Synthetic faces, straight into a pre-sized index.
  indexes.reserve('identities', DIM, nFaces + 8);
  const exact = encoding !== 'float32' ? new FaceIndex(DIM, 'float32', nFaces) : null;
  const v = new Float32Array(DIM);
  const c = new Float32Array(DIM);
  const bar = progress(nFaces, 'faces   ');
  const t0 = performance.now();
  for (let i = 0; i < nFaces; i++) {
    if (synth) {
      const into = i < probeIds ? centres : c;
      const off = i < probeIds ? i * DIM : 0;
      synth.centre(into, off);
      synth.sample(into, off, v, 0);
    } else randomUnit(v, 0, rand);
    indexes.addFaceVector('identities', uuidFor(i), v);
    exact?.add(i, v);
    if (i % 10000 === 0) bar(i);
  }
  bar(nFaces);
  // HNSW inserts in batches; the last batch goes in before the clock stops.
  indexes.searchFace('identities', v, 1);
  const faceLoadS = (performance.now() - t0) / 1000;

  // Synthetic ten-prints: random minutiae through the finger engine's codec, decoded as at start-up.
  const tbar = progress(nTen, 'tenprint');
  const t1 = performance.now();
  for (let i = 0; i < nTen; i++) {
    const id = uuidFor(nFaces + i);
    for (let pos = 1; pos <= 10; pos++) {
      const minutiae = Array.from({ length: 30 + Math.floor(rand() * 20) }, () => ({
        x: Math.floor(rand() * 380), y: Math.floor(rand() * 380), angle: rand() * 2 * Math.PI,
        type: (rand() < 0.5 ? 'ending' : 'bifurcation') as 'ending' | 'bifurcation', quality: 50 + Math.floor(rand() * 50),
      }));
      const bytes = finger.encodeTemplate({ version: finger.TEMPLATE_VERSION, width: 400, height: 400, dpi: 500, minutiae });
      indexes.addFingerDecoded('identities', id, pos, finger.decodeTemplate(bytes));
    }
    if (i % 1000 === 0) tbar(i);
  }
  tbar(nTen);
  const tenLoadS = (performance.now() - t1) / 1000;
  const memoryMB = Math.round(process.memoryUsage().rss / 2 ** 20);

  // Face 1:N alone, and int8 recall@10 against the exact scan.
  const times: number[] = [];
  let recallHits = 0, recallTotal = 0, syntheticMateFirst = 0;
  const q = new Float32Array(DIM);
  for (let i = 0; i < probeIds; i++) {
    // Clustered: another photo of gallery identity i; random: a vector unrelated to the gallery.
    if (synth) synth.sample(centres, i * DIM, q, 0); else randomUnit(q, 0, rand);
    const s = performance.now();
    const hits = indexes.searchFace('identities', q, 10);
    times.push(performance.now() - s);
    if (synth && hits[0]?.recordId === uuidFor(i)) syntheticMateFirst++;
    if (exact && i < recallQueries) {
      const truth = new Set(exact.search(q, 10).map((h) => uuidFor(h.key)));
      recallHits += hits.filter((h) => truth.has(h.recordId)).length;
      recallTotal += 10;
    }
  }

  // One real person: first LFW identity with two photos; photo 1 enrolled, photo 2 the probe.
  const person = readdirSync(probeDir).sort().find((d) => readdirSync(join(probeDir, d)).length >= 2);
  if (!person) throw new Error(`no identity with two photos in ${probeDir}`);
  const [photo1, photo2] = readdirSync(join(probeDir, person)).sort().slice(0, 2).map((f) => readFileSync(join(probeDir, person, f)));
  const ctx = { store, engines, indexes, config: { sessionTtlMs: PARAMS.sessionTtlMs, webDir: null, purposes: DEFAULT_PURPOSES } };
  const reg = (await store.registries.get('identities'))!;
  // LFW photos are 250x250: upscaled so the enrolment quality gate sees a phone-sized face.
  const enrolPhoto = await sharp(photo1).resize(1000, 1000).jpeg({ quality: 92 }).toBuffer();
  const mate = await enrolRecord(ctx, { userId: null, name: 'bench' }, reg, { requestId: 'bench-mate-0001', fields: { surname: 'Mate', givenNames: 'Bench' }, face: { image: enrolPhoto.toString('base64') } });
  const probe = await sharp(photo2).resize(1280, 960, { fit: 'contain', background: '#808080' }).jpeg({ quality: 90 }).toBuffer();

  const app = await buildApp(ctx);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  await store.users.create({ username: 'bench-operator', password: 'bench password 1', roles: ['operator'] });
  const login = await (await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-operator', password: 'bench password 1' }) })).json() as { token: string };
  const body = JSON.stringify({ registries: ['identities'], purpose: 'identity-check', caseRef: 'BENCH', face: { image: probe.toString('base64') } });
  const http: number[] = [];
  let mateFirst = 0, errors = 0;
  const hbar = progress(queries, 'http    ');
  for (let i = 0; i < queries; i++) {
    const s = performance.now();
    const res = await fetch(`${url}/v1/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` }, body });
    const out = await res.json() as { candidates?: { recordId: string }[] };
    http.push(performance.now() - s);
    if (!res.ok) errors++;
    else if (out.candidates?.[0]?.recordId === mate.record.id) mateFirst++;
    hbar(i + 1);
  }
  // The face analysis alone, to split the end-to-end time.
  const analyse: number[] = [];
  for (let i = 0; i < Math.min(10, queries); i++) { const s = performance.now(); await engines.face.analyze(probe); analyse.push(performance.now() - s); }
  await app.close();
  await store.close();

  json({
    faces: nFaces, tenprints: nTen, fingerTemplates: nTen * 10, encoding, gallery, ...(spread ? { spread } : {}), memoryMB,
    loadSeconds: { faces: Math.round(faceLoadS * 10) / 10, tenprints: Math.round(tenLoadS * 10) / 10 },
    face1N: { queries: times.length, p50ms: pct(times, 0.5), p95ms: pct(times, 0.95), recallAt10VsExact: exact ? recallHits / recallTotal : 1, ...(synth ? { syntheticMateFirst } : {}) },
    http: { queries, p50ms: pct(http, 0.5), p95ms: pct(http, 0.95), errors, mateRankedFirst: mateFirst, probe: '1280x960 JPEG' },
    faceAnalyse: { p50ms: pct(analyse, 0.5) },
  });
  return 0;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Cosines of same-person pairs (LFW pairs file: "name<TAB>i<TAB>j" lines) with the running engine. */
async function genuineCosines(face: { analyze(b: Uint8Array): Promise<{ template: Float32Array }> }, imageDir: string, n: number): Promise<number[]> {
  const lines = readFileSync(join(imageDir, '..', 'pairsDevTrain.txt'), 'utf8').split('\n').slice(1).map((l) => l.trim().split('\t')).filter((p) => p.length === 3);
  const file = (name: string, k: string) => join(imageDir, name, `${name}_${k.padStart(4, '0')}.jpg`);
  const out: number[] = [];
  for (const [name, a, b] of lines) {
    if (out.length >= n) break;
    try {
      const [x, y] = [await face.analyze(readFileSync(file(name, a))), await face.analyze(readFileSync(file(name, b)))];
      let d = 0; for (let j = 0; j < x.template.length; j++) d += x.template[j] * y.template[j];
      out.push(d);
    } catch { /* a photo without a detectable face is skipped */ }
  }
  if (out.length === 0) throw new Error('no genuine pair could be analysed');
  return out;
}
