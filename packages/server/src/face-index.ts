// In-memory 1:N face index: an exact scan over L2-normalised vectors, so cosine similarity is a dot
// product. Two encodings share one interface: Float32 (exact, 2 KB per 512-d template) and int8 with
// a per-vector scale plus an int8 residual (1 KB per template). The int8 rows are scanned by a
// WebAssembly SIMD kernel (simd-dot.ts) against an int16 copy of the probe (an int8 probe as well
// cost recall@10 0.955 at 1M), and the shortlist is re-scored with the residual rows, so scores are
// within ~1e-5 of Float32 and the top 10 is the exact top 10 (docs/server.md).
// Vectors live in flat typed arrays (or the kernel's linear memory), so the scan is a tight loop over
// contiguous memory with no per-candidate objects.
import { int8Rows, Int8Rows, toInt16Probe, type Int8RowStore } from './simd-dot.ts';
import { learnBasis, Projector } from './face-projection.ts';
import { shortlistAbove, TopSlots } from './top-slots.ts';
import { ScanPool } from './scan-pool.ts';
import { availableParallelism } from 'node:os';

const envNumber = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);

/**
 * The projected first pass of large int8 scans (face-projection.ts). Below `from` templates the full
 * scan is already fast (43 ns per 512-d row, ~9 ms per 200k on one core). Environment overrides let
 * the bench measure other settings without a code change.
 */
export const PROJECTION = {
  from: envNumber('CANDOR_FACE_PROJECT_FROM', 200_000),
  dims: envNumber('CANDOR_FACE_PROJECT_DIMS', 80),       // a multiple of 16 (the kernel's step); 64-96 measured, docs/server.md
  shortlist: envNumber('CANDOR_FACE_SHORTLIST', 2000),   // templates re-scored in full per search
  sample: 20_000,                                        // templates the basis is learned from
  // Threads per projected scan (scan-pool.ts): the scan is memory-bound, a second core halves it.
  threads: envNumber('CANDOR_FACE_THREADS', Math.min(2, availableParallelism())),
  splitFrom: 50_000,                                     // smaller scans are not worth a hand-off
  blockRows: 32_768,                                     // rows per claimed block (scan-pool.ts): ~0.4 ms of one core
};

export interface FaceHit { key: number; score: number }
export type FaceEncoding = 'float32' | 'int8' | 'hnsw';

/** What a registry's face index must offer (exact scan or HNSW). */
export interface FaceSearchIndex {
  readonly size: number;
  add(key: number, vector: Float32Array): void;
  search(probe: Float32Array, k: number): FaceHit[];
  scoreKey(key: number, probe: Float32Array): number | null;
}

export class FaceIndex implements FaceSearchIndex {
  readonly dim: number;
  readonly encoding: 'float32' | 'int8';
  private f32: Float32Array;
  /** int8: coarse rows (v ≈ scale·q) and residual rows (v ≈ scale·(q + r/254)), each in a row store. */
  private readonly coarse: Int8RowStore | null;
  private readonly residual: Int8RowStore | null;
  private readonly q8: Int8Array;
  private readonly r8: Int8Array;
  private scales: Float32Array;
  private keys: Int32Array;
  /** Templates of a key as a chain: first slot by key, next slot by slot (-1 ends), so a record's
   * score (1:1, or a record shortlisted by its fingers) does not scan the whole index. */
  private firstOfKey = new Int32Array(0);
  private nextOfSlot: Int32Array;
  private n = 0;
  /** Projected first pass, set up once the index reaches PROJECTION.from templates. */
  private projector: Projector | null = null;
  private projected: Int8RowStore | null = null;
  private pool: ScanPool | null = null;
  /** Per-dimension steps of the projected rows (principal directions differ in spread by ~10x). */
  private pstep: Float32Array = new Float32Array(0);
  private y: Float32Array = new Float32Array(0);
  private y8: Int8Array = new Int8Array(0);

  constructor(dim: number, encoding: 'float32' | 'int8' = 'float32', capacity = 1024) {
    this.dim = dim;
    this.encoding = encoding;
    this.f32 = new Float32Array(encoding === 'float32' ? capacity * dim : 0);
    this.coarse = encoding === 'int8' ? int8Rows(dim) : null;
    this.residual = encoding === 'int8' ? int8Rows(dim) : null;
    this.q8 = new Int8Array(dim);
    this.r8 = new Int8Array(dim);
    this.scales = new Float32Array(encoding === 'int8' ? capacity : 0);
    this.keys = new Int32Array(capacity);
    this.nextOfSlot = new Int32Array(capacity);
  }

  get size(): number { return this.n; }

  /** Adds one template under an integer key (several templates may share a key: one person). */
  add(key: number, vector: Float32Array): void {
    if (vector.length !== this.dim) throw new Error(`face index expects ${this.dim}-d vectors, got ${vector.length}`);
    this.grow(this.n + 1);
    if (this.encoding === 'float32') this.f32.set(vector, this.n * this.dim);
    else {
      const scale = quantise(vector, this.q8, this.r8);
      this.scales[this.n] = scale;
      this.coarse!.push(this.q8);
      this.residual!.push(this.r8);
      if (this.projector) this.pushProjected(vector);
    }
    this.keys[this.n] = key;
    this.chain(key, this.n);
    this.n++;
    if (this.encoding === 'int8' && !this.projector && this.n >= PROJECTION.from && this.dim % 16 === 0 && PROJECTION.dims < this.dim) this.startProjection();
  }

  /** Share of the gallery's energy the projected first pass sees, or null when it is not in use. */
  get projection(): { dims: number; energy: number; threads: number } | null {
    return this.projector ? { dims: this.projector.dims, energy: this.projector.basis.energy, threads: 1 + (this.pool?.readyCount ?? 0) } : null;
  }

  /** Resolves once the scan threads (if any) are running: benches wait for it before timing. */
  async ready(): Promise<void> { await this.pool?.whenReady(); }

  /** Stops the scan threads (they do not hold the process open, but tests close what they open). */
  close(): void { this.pool?.close(); this.pool = null; }

  /** Template i as Float32 from its int8 rows (within ~1e-5 of what was added). */
  private decoded(i: number, out: Float32Array): Float32Array {
    const c = this.coarse!.row(i), r = this.residual!.row(i), s = this.scales[i];
    for (let j = 0; j < this.dim; j++) out[j] = (c[j] + r[j] / RESIDUAL_STEPS) * s;
    return out;
  }

  // Learns the basis from an even sample of the templates held, then projects all of them.
  private startProjection(): void {
    const count = Math.min(this.n, PROJECTION.sample);
    const sample = new Float32Array(count * this.dim);
    for (let k = 0; k < count; k++) this.decoded(Math.floor((k * this.n) / count), sample.subarray(k * this.dim, (k + 1) * this.dim));
    this.projector = new Projector(learnBasis(sample, this.dim, count, PROJECTION.dims));
    const threads = Math.max(1, Math.floor(PROJECTION.threads));
    const rows = int8Rows(PROJECTION.dims, 1 << 14, { shared: threads > 1, lanes: threads });
    this.projected = rows;
    if (threads > 1 && rows instanceof Int8Rows) this.pool = new ScanPool(rows.layout(), threads - 1, PROJECTION.shortlist);
    this.y = new Float32Array(PROJECTION.dims);
    this.y8 = new Int8Array(PROJECTION.dims);
    // One step per dimension, from the sample's spread along it: 127 steps cover 5 standard
    // deviations (rarer values are clipped; the full re-scoring of the shortlist repairs them).
    const sq = new Float64Array(PROJECTION.dims);
    for (let k = 0; k < count; k++) {
      this.projector.project(sample.subarray(k * this.dim, (k + 1) * this.dim), this.y);
      for (let d = 0; d < sq.length; d++) sq[d] += this.y[d] * this.y[d];
    }
    this.pstep = Float32Array.from(sq, (x) => Math.max(5 * Math.sqrt(x / count) / 127, 1e-9));
    const v = new Float32Array(this.dim);
    for (let i = 0; i < this.n; i++) this.pushProjected(this.decoded(i, v));
  }

  private pushProjected(vector: Float32Array): void {
    this.projector!.project(vector, this.y);
    for (let k = 0; k < this.y.length; k++) this.y8[k] = Math.max(-127, Math.min(127, Math.round(this.y[k] / this.pstep[k])));
    this.projected!.push(this.y8);
  }

  /** The k best keys by cosine similarity (one hit per key: its best template). */
  search(probe: Float32Array, k: number): FaceHit[] {
    return this.encoding === 'float32' ? this.searchF32(probe, k) : this.searchInt8(probe, k);
  }

  private searchF32(probe: Float32Array, k: number): FaceHit[] {
    const top = new TopK(k);
    const d = this.dim, v = this.f32;
    // Four accumulators: breaks the add dependency chain so the loop is not latency-bound.
    const d4 = d - (d % 4);
    for (let i = 0, off = 0; i < this.n; i++, off += d) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
      for (; j < d4; j += 4) {
        s0 += probe[j] * v[off + j]; s1 += probe[j + 1] * v[off + j + 1];
        s2 += probe[j + 2] * v[off + j + 2]; s3 += probe[j + 3] * v[off + j + 3];
      }
      for (; j < d; j++) s0 += probe[j] * v[off + j];
      const s = s0 + s1 + s2 + s3;
      if (s > top.floor) top.offer(this.keys[i], s);
    }
    return top.sorted();
  }

  // Two passes. The scan ranks every template by its coarse int8 row (error up to ~0.003 in cosine,
  // enough to swap near-tied impostors around rank 10: recall@10 0.968 at 100k); the best
  // `refineCount(k)` templates are then re-scored with their residual rows, which brings the error
  // down ~250x, and only then reduced to one hit per key.
  private searchInt8(probe: Float32Array, k: number): FaceHit[] {
    const coarse = this.coarse!, residual = this.residual!;
    const q = new Int16Array(this.dim);
    const qs = toInt16Probe(probe, q);
    let slots: Int32Array;
    if (this.projector) {
      // Projected shortlist → coarse int8 scores of its templates (in address order, which the
      // memory system prefers to a random walk) → the best refineCount(k) go to the residual pass.
      const wide = this.projectedShortlist(probe).sort();
      coarse.setProbe(q);
      const best = new TopSlots(refineCount(k));
      for (let from = 0; from < wide.length; from += coarse.chunk) {
        const part = wide.subarray(from, Math.min(wide.length, from + coarse.chunk));
        const dots = coarse.dotsOf(part);
        for (let j = 0; j < part.length; j++) best.offer(part[j], dots[j] * this.scales[part[j]]);
      }
      slots = best.slots().sort();
    } else slots = this.coarseShortlist(q, refineCount(k)).sort(); // sets the coarse probe too
    const base = Int32Array.from(coarse.dotsOf(slots));
    residual.setProbe(q);
    const fine = residual.dotsOf(slots);
    const top = new TopK(k);
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j];
      top.offer(this.keys[slot], (base[j] + fine[j] / RESIDUAL_STEPS) * qs * this.scales[slot]);
    }
    return top.sorted();
  }

  /** The `size` best templates by their coarse int8 rows (the full scan). */
  private coarseShortlist(q: Int16Array, size: number): Int32Array {
    const coarse = this.coarse!;
    coarse.setProbe(q);
    const best = new TopSlots(size);
    for (let from = 0; from < this.n; from += coarse.chunk) {
      const count = Math.min(coarse.chunk, this.n - from);
      const dots = coarse.dotsRange(from, count);
      for (let j = 0; j < count; j++) {
        const s = dots[j] * this.scales[from + j];
        if (s > best.floor) best.offer(from + j, s);
      }
    }
    return best.slots();
  }

  /** The PROJECTION.shortlist best templates by their projected rows. */
  private projectedShortlist(probe: Float32Array): Int32Array {
    const rows = this.projected!;
    const y = new Float32Array(rows.dim);
    this.projector!.project(probe, y);
    for (let k = 0; k < y.length; k++) y[k] *= this.pstep[k]; // the rows' steps folded into the probe
    const q = new Int16Array(rows.dim);
    const qs = toInt16Probe(y, q);
    rows.setProbe(q);
    let best = new TopSlots(PROJECTION.shortlist);
    // The kernel hands back only rows above the shortlist's current floor (in integer units).
    const scan = (start: number, end: number) => shortlistAbove(best, start, end, rows.chunk, qs, (from, count, floor) => rows.dotsAbove(from, count, floor));
    const helpers = this.n >= PROJECTION.splitFrom ? this.pool?.readyCount ?? 0 : 0;
    if (helpers === 0) scan(0, this.n);
    else {
      this.pool!.run(0, this.n, PROJECTION.blockRows, rows.dim, rows.chunk, qs, scan,
        (slot, score) => best.offer(slot, score), // offer ignores what is at or below the floor
        () => { best = new TopSlots(PROJECTION.shortlist); scan(0, this.n); });
    }
    return best.slots();
  }

  private chain(key: number, slot: number): void {
    if (key < 0 || !Number.isInteger(key)) throw new RangeError(`face index keys are non-negative integers, got ${key}`);
    if (key >= this.firstOfKey.length) {
      const grown = new Int32Array(Math.max(key + 1, this.firstOfKey.length * 2, 1024)).fill(-1);
      grown.set(this.firstOfKey); this.firstOfKey = grown;
    }
    // Newest first: the order does not matter, a record keeps only its best score.
    this.nextOfSlot[slot] = this.firstOfKey[key];
    this.firstOfKey[key] = slot;
  }

  /** Best score of one key's templates (its chain of slots, not a pass over the index). */
  scoreKey(key: number, probe: Float32Array): number | null {
    let best: number | null = null;
    const d = this.dim;
    for (let i = key >= 0 && key < this.firstOfKey.length ? this.firstOfKey[key] : -1; i >= 0; i = this.nextOfSlot[i]) {
      let s = 0;
      if (this.encoding === 'float32') { for (let j = 0, off = i * d; j < d; j++) s += probe[j] * this.f32[off + j]; }
      else {
        const c = this.coarse!.row(i), r = this.residual!.row(i);
        for (let j = 0; j < d; j++) s += probe[j] * (c[j] + r[j] / RESIDUAL_STEPS);
        s *= this.scales[i];
      }
      if (best === null || s > best) best = s;
    }
    return best;
  }

  private grow(need: number): void {
    if (need <= this.keys.length) return;
    const cap = Math.max(need, this.keys.length * 2);
    const keys = new Int32Array(cap); keys.set(this.keys.subarray(0, this.n)); this.keys = keys;
    const next = new Int32Array(cap); next.set(this.nextOfSlot.subarray(0, this.n)); this.nextOfSlot = next;
    if (this.encoding === 'float32') {
      const f = new Float32Array(cap * this.dim); f.set(this.f32.subarray(0, this.n * this.dim)); this.f32 = f;
    } else {
      const s = new Float32Array(cap); s.set(this.scales.subarray(0, this.n)); this.scales = s;
    }
  }
}

/** Templates re-scored after the coarse scan: enough that the true top k is among them. */
const refineCount = (k: number) => Math.max(4 * k, 64);
/** The residual row counts in 1/254ths of the coarse step: |v/scale - q| ≤ 1/2 maps onto ±127. */
const RESIDUAL_STEPS = 254;

/** Symmetric int8 quantisation with one scale per vector, plus the int8 residual; returns the scale. */
function quantise(v: Float32Array, q: Int8Array, r: Int8Array): number {
  let max = 0;
  for (let j = 0; j < v.length; j++) { const a = Math.abs(v[j]); if (a > max) max = a; }
  const scale = max > 0 ? max / 127 : 1;
  for (let j = 0; j < v.length; j++) {
    const x = v[j] / scale, c = Math.round(x);
    q[j] = c;
    r[j] = Math.max(-127, Math.min(127, Math.round((x - c) * RESIDUAL_STEPS)));
  }
  return scale;
}

/** Keeps the k best (key, score) with one entry per key; k is small so a sorted array beats a heap. */
export class TopK {
  private readonly k: number;
  private readonly items: FaceHit[] = [];
  private min = -Infinity;
  constructor(k: number) { this.k = k; }
  /** Scores at or below this cannot enter: lets the scan skip the call. */
  get floor(): number { return this.min; }
  offer(key: number, score: number): void {
    if (this.items.length >= this.k && score <= this.min) return;
    const existing = this.items.findIndex((h) => h.key === key);
    if (existing >= 0) {
      if (this.items[existing].score >= score) return;
      this.items.splice(existing, 1);
    }
    let i = this.items.length;
    while (i > 0 && this.items[i - 1].score < score) i--;
    this.items.splice(i, 0, { key, score });
    if (this.items.length > this.k) this.items.pop();
    this.min = this.items.length >= this.k ? this.items[this.items.length - 1].score : -Infinity;
  }
  sorted(): FaceHit[] { return this.items.slice(); }
}
