// In-memory 1:N face index: an exact scan over L2-normalised vectors, so cosine similarity is a dot
// product. Two encodings share one interface: Float32 (exact, 2 KB per 512-d template) and int8 with
// a per-vector scale (512 B per template, scores within ~1e-3 of Float32; see docs/server.md for the
// measured recall and speed). Vectors live in one flat typed array grown by doubling, so the scan is
// a tight loop over contiguous memory with no per-candidate objects.

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
  private i8: Int8Array;
  private scales: Float32Array;
  private keys: Int32Array;
  private n = 0;

  constructor(dim: number, encoding: 'float32' | 'int8' = 'float32', capacity = 1024) {
    this.dim = dim;
    this.encoding = encoding;
    this.f32 = new Float32Array(encoding === 'float32' ? capacity * dim : 0);
    this.i8 = new Int8Array(encoding === 'int8' ? capacity * dim : 0);
    this.scales = new Float32Array(encoding === 'int8' ? capacity : 0);
    this.keys = new Int32Array(capacity);
  }

  get size(): number { return this.n; }

  /** Adds one template under an integer key (several templates may share a key: one person). */
  add(key: number, vector: Float32Array): void {
    if (vector.length !== this.dim) throw new Error(`face index expects ${this.dim}-d vectors, got ${vector.length}`);
    this.grow(this.n + 1);
    const off = this.n * this.dim;
    if (this.encoding === 'float32') this.f32.set(vector, off);
    else this.scales[this.n] = quantise(vector, this.i8, off);
    this.keys[this.n] = key;
    this.n++;
  }

  /** The k best keys by cosine similarity (one hit per key: its best template). */
  search(probe: Float32Array, k: number): FaceHit[] {
    const top = new TopK(k);
    const d = this.dim;
    if (this.encoding === 'float32') {
      const v = this.f32;
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
    } else {
      const q = new Int8Array(d);
      const qs = quantise(probe, q, 0);
      const v = this.i8;
      const d4 = d - (d % 4);
      for (let i = 0, off = 0; i < this.n; i++, off += d) {
        // Integer sums are exact, so one accumulator per lane and no rounding between them.
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
        for (; j < d4; j += 4) {
          s0 += q[j] * v[off + j]; s1 += q[j + 1] * v[off + j + 1];
          s2 += q[j + 2] * v[off + j + 2]; s3 += q[j + 3] * v[off + j + 3];
        }
        for (; j < d; j++) s0 += q[j] * v[off + j];
        const s = (s0 + s1 + s2 + s3) * qs * this.scales[i];
        if (s > top.floor) top.offer(this.keys[i], s);
      }
    }
    return top.sorted();
  }

  /** Best score of one key's templates (a linear pass over the keys; cheap next to the scan). */
  scoreKey(key: number, probe: Float32Array): number | null {
    let best: number | null = null;
    const d = this.dim;
    for (let i = 0; i < this.n; i++) {
      if (this.keys[i] !== key) continue;
      let s = 0;
      if (this.encoding === 'float32') { for (let j = 0, off = i * d; j < d; j++) s += probe[j] * this.f32[off + j]; }
      else { for (let j = 0, off = i * d; j < d; j++) s += probe[j] * this.i8[off + j]; s *= this.scales[i]; }
      if (best === null || s > best) best = s;
    }
    return best;
  }

  private grow(need: number): void {
    if (need <= this.keys.length) return;
    const cap = Math.max(need, this.keys.length * 2);
    const keys = new Int32Array(cap); keys.set(this.keys.subarray(0, this.n)); this.keys = keys;
    if (this.encoding === 'float32') {
      const f = new Float32Array(cap * this.dim); f.set(this.f32.subarray(0, this.n * this.dim)); this.f32 = f;
    } else {
      const q = new Int8Array(cap * this.dim); q.set(this.i8.subarray(0, this.n * this.dim)); this.i8 = q;
      const s = new Float32Array(cap); s.set(this.scales.subarray(0, this.n)); this.scales = s;
    }
  }
}

/** Symmetric int8 quantisation with one scale per vector; returns the scale. */
function quantise(v: Float32Array, out: Int8Array, off: number): number {
  let max = 0;
  for (let j = 0; j < v.length; j++) { const a = Math.abs(v[j]); if (a > max) max = a; }
  const scale = max > 0 ? max / 127 : 1;
  for (let j = 0; j < v.length; j++) out[off + j] = Math.round(v[j] / scale);
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
