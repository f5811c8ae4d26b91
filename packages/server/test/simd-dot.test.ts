import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Int8Rows, JsInt8Rows, simdModule } from '../src/simd-dot.ts';
import { FaceIndex } from '../src/face-index.ts';

const lcg = (seed: number) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

test('SIMD int8 kernel: every dot equals a scalar loop, in range and gather order, across memory growth', () => {
  assert.ok(simdModule(), 'Node 20 has WebAssembly SIMD');
  const rand = lcg(3);
  for (const dim of [16, 48, 512]) {
    // A small chunk makes the scratch area tiny and forces several memory grows on the way.
    const rows = new Int8Rows(dim, 64);
    const kept: Int8Array[] = [];
    const n = dim === 512 ? 3000 : 500;
    for (let i = 0; i < n; i++) {
      // Extremes included: -128 and 127 rows against ±16,000 probes stay inside int32.
      const r = Int8Array.from({ length: dim }, (_, j) => (i === 0 ? (j % 2 ? 127 : -128) : Math.floor(rand() * 256) - 128));
      assert.equal(rows.push(r), i);
      kept.push(r);
    }
    const probe = Int16Array.from({ length: dim }, (_, j) => (j % 2 ? -16000 : Math.floor(rand() * 32001) - 16000));
    rows.setProbe(probe);
    const scalar = (r: Int8Array) => r.reduce((s, x, j) => s + x * probe[j], 0);
    for (let from = 0; from < n; from += 64) {
      const count = Math.min(64, n - from);
      const got = Array.from(rows.dotsRange(from, count));
      assert.deepEqual(got, kept.slice(from, from + count).map(scalar), `dim ${dim}, rows ${from}..`);
    }
    const ids = Int32Array.from({ length: 64 }, () => Math.floor(rand() * n));
    assert.deepEqual(Array.from(rows.dotsOf(ids)), Array.from(ids, (i) => scalar(kept[i])));
    assert.deepEqual(Array.from(rows.row(5)), Array.from(kept[5]), 'rows survive memory growth');
    // Only rows above a threshold, as (row - from, dot) pairs in row order.
    const all = kept.slice(100, 164).map(scalar);
    const thr = [...all].sort((a, b) => b - a)[9] + 0.5;
    const pairs = Array.from(rows.dotsAbove(100, 64, thr));
    assert.deepEqual(pairs, all.flatMap((d, k) => (d > thr ? [k, d] : [])));
    assert.equal(rows.dotsAbove(100, 64, -Infinity).length, 128, 'no threshold: every row');
    // The looping kernel (any length) and the JavaScript fallback give the same integers.
    const generic = new Int8Rows(dim, 64, { generic: true });
    for (const r of kept) generic.push(r);
    generic.setProbe(probe);
    assert.deepEqual(Array.from(generic.dotsOf(ids)), Array.from(rows.dotsOf(ids)));
    assert.deepEqual(Array.from(generic.dotsAbove(100, 64, thr)), pairs);
    const js = new JsInt8Rows(dim, 64);
    for (const r of kept) js.push(r);
    js.setProbe(probe);
    assert.deepEqual(Array.from(js.dotsOf(ids)), Array.from(rows.dotsOf(ids)));
    assert.deepEqual(Array.from(js.dotsAbove(100, 64, thr)), pairs);
  }
  assert.throws(() => new Int8Rows(20), /multiple of 16/);
  const small = new Int8Rows(16, 8);
  small.push(new Int8Array(16));
  assert.throws(() => small.dotsRange(0, 2), RangeError);
});

test('face index int8: the SIMD scan and the JavaScript fallback return the exact top 10 of clustered data', () => {
  // dim 64 takes the SIMD path, dim 72 (not a multiple of 16) the JavaScript loop. At 64-d the
  // impostors are crowded (scores a few thousandths apart): the coarse int8 scores alone swap some of
  // them, the residual re-scoring must put them back in the Float32 order.
  for (const dim of [64, 72]) {
    const rand = lcg(dim);
    const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
    const unit = (v: Float32Array) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
    const n = 4000;
    const vecs: Float32Array[] = [];
    const i8 = new FaceIndex(dim, 'int8', 16);
    for (let i = 0; i < n; i++) {
      // Decaying spectrum, like real templates: most of the energy in the first coordinates.
      const v = unit(Float32Array.from({ length: dim }, (_, j) => gauss() * (j + 1) ** -0.5));
      vecs.push(v); i8.add(i % 3000, v); // keys repeat: one hit per key, its best template
    }
    for (let q = 0; q < 10; q++) {
      const probe = unit(vecs[q * 97].map((x) => x + 0.05 * gauss()));
      const best = new Map<number, number>();
      vecs.forEach((v, i) => {
        const s = v.reduce((a, x, j) => a + x * probe[j], 0);
        best.set(i % 3000, Math.max(best.get(i % 3000) ?? -Infinity, s));
      });
      const exact = [...best].sort((a, b) => b[1] - a[1]).slice(0, 10);
      const hits = i8.search(probe, 10);
      // The exact top 10 up to ties closer than the residual precision: the k-th score of both lists
      // agrees, and every returned score is that key's own exact score.
      assert.equal(hits[0].key, (q * 97) % 3000, 'own record first');
      for (let j = 0; j < 10; j++) {
        assert.ok(Math.abs(hits[j].score - exact[j][1]) < 1e-4, `dim ${dim}, probe ${q}, rank ${j + 1}`);
        assert.ok(Math.abs(hits[j].score - best.get(hits[j].key)!) < 1e-4, 'score to residual precision');
      }
      const own = i8.scoreKey((q * 97) % 3000, probe)!;
      assert.ok(Math.abs(own - best.get((q * 97) % 3000)!) < 1e-4);
    }
  }
});

test('face projection: the learned basis finds the high-energy directions of a rotated gallery', async () => {
  const { learnBasis } = await import('../src/face-projection.ts');
  const dim = 64, n = 3000, rand = lcg(5);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  // Energy only in 8 directions (variance 1..8), hidden by a random rotation (Householder reflection).
  const h = Float64Array.from({ length: dim }, gauss); const hn = Math.hypot(...h); h.forEach((x, j) => (h[j] = x / hn));
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from({ length: dim }, (_, j) => (j < 8 ? gauss() * Math.sqrt(j + 1) : 0.01 * gauss()));
    const d = v.reduce((a, vj, j) => a + vj * h[j], 0);
    for (let j = 0; j < dim; j++) x[i * dim + j] = v[j] - 2 * d * h[j];
  }
  const b = learnBasis(x, dim, n, 16);
  assert.ok(b.energy > 0.999, `16 directions hold ${b.energy}`);
  const b4 = learnBasis(x, dim, n, 4);
  assert.ok(Math.abs(b4.energy - 26 / 36) < 0.03, `top 4 of variances 1..8 hold 26/36, got ${b4.energy}`);
  for (let k = 0; k < 4; k++) for (let l = 0; l <= k; l++) {
    const dot = Array.from({ length: dim }, (_, j) => b4.rows[k * dim + j] * b4.rows[l * dim + j]).reduce((a, c) => a + c, 0);
    assert.ok(Math.abs(dot - (k === l ? 1 : 0)) < 1e-5, 'orthonormal rows');
  }
});

test('face index int8 with the projected first pass keeps the exact top 10, also for templates added after it started', async () => {
  const { PROJECTION } = await import('../src/face-index.ts');
  const saved = { ...PROJECTION };
  Object.assign(PROJECTION, { from: 1500, dims: 32, shortlist: 300 });
  try {
    const dim = 128, n = 4000, rand = lcg(9);
    const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
    const unit = (v: Float32Array) => { const s = Math.hypot(...v); return v.map((x) => x / s); };
    const index = new FaceIndex(dim, 'int8', 16);
    const vecs: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const v = unit(Float32Array.from({ length: dim }, (_, j) => gauss() * (j + 1) ** -0.8));
      vecs.push(v); index.add(i, v);
      if (i === 1498) assert.equal(index.projection, null, 'full scan below the threshold');
    }
    const p = index.projection!;
    assert.equal(p.dims, 32);
    assert.ok(p.energy > 0.5 && p.energy < 1, `energy ${p.energy}`);
    for (const target of [10, 700, 2500, 3999]) { // before and after the projection started
      const probe = unit(vecs[target].map((x) => x + 0.02 * gauss()));
      const exact = vecs.map((v, i) => [i, v.reduce((a, x, j) => a + x * probe[j], 0)]).sort((a, b) => b[1] - a[1]).slice(0, 10);
      const hits = index.search(probe, 10);
      assert.equal(hits[0].key, target);
      for (let j = 0; j < 10; j++) assert.ok(Math.abs(hits[j].score - exact[j][1]) < 1e-4, `probe ${target}, rank ${j + 1}`);
    }
  } finally { Object.assign(PROJECTION, saved); }
});

test('face index: the projected scan split over a worker thread (blocks claimed by both) returns what one thread returns', async () => {
  const { PROJECTION } = await import('../src/face-index.ts');
  const saved = { ...PROJECTION };
  const dim = 128, n = 6000, rand = lcg(21);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const unit = (v: Float32Array) => { const s = Math.hypot(...v); return v.map((x) => x / s); };
  const vecs = Array.from({ length: n }, () => unit(Float32Array.from({ length: dim }, (_, j) => gauss() * (j + 1) ** -0.8)));
  const build = (threads: number) => {
    // Blocks of 250 rows: both threads claim many per search, in whatever order the scheduler allows.
    Object.assign(PROJECTION, { from: 1000, dims: 32, shortlist: 300, threads, splitFrom: 1000, blockRows: 250 });
    const index = new FaceIndex(dim, 'int8', 16);
    vecs.forEach((v, i) => index.add(i, v));
    return index;
  };
  const one = build(1), two = build(2);
  try {
    await two.ready();
    assert.equal(two.projection!.threads, 2, 'the worker thread started');
    for (const target of [3, 1200, 5999, 17, 2500, 4001, 777, 5000]) {
      const probe = unit(vecs[target].map((x) => x + 0.02 * gauss()));
      const a = one.search(probe, 10), b = two.search(probe, 10);
      assert.equal(b[0].key, target);
      assert.deepEqual(b.map((h) => h.key), a.map((h) => h.key));
      assert.deepEqual(b.map((h) => h.score), a.map((h) => h.score));
    }
    // Templates added after the worker started are scanned too (shared memory, grown in place).
    const late = unit(Float32Array.from({ length: dim }, gauss));
    for (let i = 0; i < 20000; i++) two.add(n + i, i === 19999 ? late : vecs[i % n]);
    assert.equal(two.search(late, 1)[0].key, n + 19999);
  } finally {
    one.close(); two.close();
    Object.assign(PROJECTION, saved);
  }
});

test('bench face-index runs end to end on a small gallery and reports a high recall', async () => {
  const { default: bench } = await import('../src/cli/bench-face-index.ts');
  const { PROJECTION } = await import('../src/face-index.ts');
  const saved = { ...PROJECTION };
  Object.assign(PROJECTION, { from: 1000, splitFrom: 1000 });
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => { chunks.push(String(s)); return true; }) as typeof process.stdout.write;
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write; // progress bars
  try {
    assert.equal(await bench(['--faces', '3000', '--queries', '8', '--projections', '32:300']), 0);
  } finally {
    process.stdout.write = write; process.stderr.write = errWrite;
    Object.assign(PROJECTION, saved);
  }
  const out = JSON.parse(chunks.join(''));
  assert.equal(out.faces, 3000);
  const [run] = out.results;
  assert.equal(run.projection.dims, 32);
  // 32 of 512 directions hold little of this synthetic gallery's energy: near ties around rank 10
  // may be lost (0.9875 seen), the probe's own identity never.
  assert.ok(run.recallAt10VsExact >= 0.95, `recall ${run.recallAt10VsExact}`);
  assert.equal(run.mateFirst, 8);
});

test('TopSlots keeps exactly the best `size` of any offer sequence (ties, repeats, fewer than size)', async () => {
  const { TopSlots } = await import('../src/top-slots.ts');
  const rand = lcg(99);
  for (const [size, count, levels] of [[5, 3, 100], [64, 1000, 1e9], [300, 20000, 1e9], [50, 5000, 7], [1, 1000, 1e9]] as const) {
    const top = new TopSlots(size);
    const offered: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const score = Math.floor(rand() * levels) / levels;
      offered.push([i, score]);
      const floorBefore = top.floor;
      top.offer(i, score);
      assert.ok(top.floor >= floorBefore, 'the floor never falls');
    }
    const want = offered.map(([, s]) => s).sort((a, b) => b - a).slice(0, size);
    const slots = [...top.slots()];
    const got = slots.map((s) => offered[s][1]).sort((a, b) => b - a);
    assert.equal(new Set(slots).size, slots.length, 'no slot twice');
    assert.deepEqual(got, want, `size ${size}, ${count} offers, ${levels} levels`);
  }
});
