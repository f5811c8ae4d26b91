// Approximate 1:N face search with an HNSW graph (usearch, native, prebuilt binary shipped in its
// npm package). Same interface as FaceIndex. Each template gets its own graph slot; slots map to
// record keys, and a search asks the graph for extra neighbours (at least `rerank`), re-scores them
// with the Float32 templates and keeps the k best distinct records. An int8 FaceIndex alongside answers scoreKey (a record's own score for
// 1:1 and for records shortlisted by fingers), which the graph cannot do. Adds are buffered and
// inserted in batches (multi-threaded with CANDOR_HNSW_THREADS), which is much faster than one at a
// time; the built graph can be saved beside the data and adopted at the next start.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FaceIndex, TopK, type FaceHit, type FaceSearchIndex } from './face-index.ts';

const envNumber = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);

/** Graph settings; each has an environment override so benches can measure it without a code change. */
export const HNSW = {
  connectivity: envNumber('CANDOR_HNSW_M', 16),            // M: edges per node; 16 is the usual balance of memory and recall
  expansionAdd: envNumber('CANDOR_HNSW_EFC', 128),         // efConstruction
  // ef at query time: recall over speed. On 100k clustered templates ef 256 and 512 lost true mates
  // (28/30, 29/30), 1024 none at 11 ms (docs/server.md). CANDOR_HNSW_EF overrides it.
  expansionSearch: envNumber('CANDOR_HNSW_EF', 1024),
  // Graph vectors as f32, or i8 with one scale per vector and the cosine metric (CANDOR_HNSW_QUANT).
  // i8 distances are several times cheaper in the prebuilt binary; the graph's candidates are then
  // re-scored with the Float32 templates, so the scores returned are exact either way.
  quantization: (process.env.CANDOR_HNSW_QUANT ?? 'f32') as HnswQuantization,
  // Graph candidates re-scored exactly per search (at least 2k): the graph's own order near rank 10
  // is blurred by i8 distances, the exact order among 50 is not.
  rerank: envNumber('CANDOR_HNSW_RERANK', 50),
  batch: 4096,
  // Shared machines: one thread unless told otherwise (CANDOR_HNSW_THREADS); used for bulk adds.
  threads: envNumber('CANDOR_HNSW_THREADS', 1),
} as const;

export type HnswQuantization = 'f32' | 'i8';
export interface HnswOptions { connectivity: number; expansionAdd: number; expansionSearch: number; quantization: HnswQuantization; rerank: number; threads: number }

/** The native index of usearch, called directly: its JS wrapper turns Int8Array input into floats,
 * which the native side then re-quantises by the vector's L2 norm (about 5 levels per coordinate
 * for a 512-d unit vector, recall@10 0.88 measured); given int8 it stores them as they are. */
interface NativeIndex {
  add(keys: BigUint64Array, vectors: Float32Array | Int8Array, threads: number): void;
  search(vectors: Float32Array | Int8Array, k: number, threads: number): [BigUint64Array, Float32Array, BigUint64Array];
  size(): number;
  save(path: string): void;
  load(path: string): void;
}
type Native = { CompiledIndex: new (dim: number, metric: string, scalar: string, m: number, efc: number, ef: number, multi: boolean) => NativeIndex };
let loaded: Native | null = null;
/** Loaded on first use, so a platform without the prebuilt binary still runs the exact indexes. */
function usearch(): Native {
  if (!loaded) {
    const req = createRequire(import.meta.url);
    // The package root (its exports hide package.json): walk up from the entry to the prebuilds.
    let root = dirname(req.resolve('usearch'));
    while (!existsSync(join(root, 'prebuilds')) && dirname(root) !== root) root = dirname(root);
    loaded = createRequire(join(root, 'package.json'))('node-gyp-build')(root) as Native;
  }
  return loaded;
}

/** What a graph file was built from: compared at start so a stale file is rebuilt, never trusted. */
interface GraphMeta { slots: number; fingerprint: number; dim: number; connectivity: number; expansionAdd: number; quantization: HnswQuantization }

export interface HnswStats { slots: number; buildSeconds: number; restoredSlots: number; options: HnswOptions }

const CHUNK = 1 << 16; // slots per Float32 chunk: growth never copies the 2 GB already held

export class HnswFaceIndex implements FaceSearchIndex {
  readonly dim: number;
  readonly encoding = 'hnsw' as const;
  private ann: NativeIndex;
  private readonly side: FaceIndex;
  private options: HnswOptions;
  private slotKeys: Int32Array = new Int32Array(1024);
  private slots = 0;
  /** Every template as Float32, by slot: exact re-scoring of graph candidates, and graph input. */
  private readonly vectors: Float32Array[] = [];
  // Slots from `inGraph` on are not in the graph yet. Start-up leaves them all out until
  // `finishLoad`, which either adopts a saved graph or inserts them in large multi-thread batches;
  // after that a search inserts whatever enrolment added since.
  private inGraph = 0;
  /** hashes[i]: FNV-1a over the bits of the vectors in slots 0..i (what a saved graph was built from). */
  private hashes: Uint32Array = new Uint32Array(1024);
  private buildMs = 0;
  private restoredSlots = 0;

  constructor(dim: number, capacity = 1024, options: Partial<HnswOptions> = {}) {
    this.dim = dim;
    this.options = { ...HNSW, ...options };
    const o = this.options;
    if (o.quantization !== 'f32' && o.quantization !== 'i8') throw new Error(`HNSW quantization is f32 or i8, not ${o.quantization}`);
    // Per-vector int8 scales change lengths, so i8 needs a length-free metric: cosine.
    this.ann = new (usearch().CompiledIndex)(dim, o.quantization === 'i8' ? 'cos' : 'ip', o.quantization, o.connectivity, o.expansionAdd, o.expansionSearch, false);
    this.side = new FaceIndex(dim, 'int8', capacity);
  }

  get size(): number { return this.slots; }

  stats(): HnswStats {
    return { slots: this.slots, buildSeconds: Math.round(this.buildMs / 100) / 10, restoredSlots: this.restoredSlots, options: this.options };
  }

  add(key: number, vector: Float32Array): void {
    this.side.add(key, vector); // first: it rejects a vector of the wrong dimension before any slot is taken
    if (this.slots === this.slotKeys.length) {
      const k = new Int32Array(this.slots * 2); k.set(this.slotKeys); this.slotKeys = k;
      const h = new Uint32Array(this.slots * 2); h.set(this.hashes); this.hashes = h;
    }
    let h = this.slots ? this.hashes[this.slots - 1] : 0x811c9dc5;
    const bits = new Uint32Array(vector.buffer, vector.byteOffset, vector.length);
    for (let j = 0; j < bits.length; j++) h = Math.imul(h ^ bits[j], 0x01000193);
    this.hashes[this.slots] = h >>> 0;
    if (this.slots % CHUNK === 0) this.vectors.push(new Float32Array(CHUNK * this.dim));
    this.vectors[this.vectors.length - 1].set(vector, (this.slots % CHUNK) * this.dim);
    this.slotKeys[this.slots++] = key;
  }

  private vector(slot: number): Float32Array {
    const off = (slot % CHUNK) * this.dim;
    return this.vectors[Math.floor(slot / CHUNK)].subarray(off, off + this.dim);
  }

  /** The graph's input form of a vector: itself, or int8 with its own scale (cosine ignores scale). */
  private encode(v: Float32Array, out: Float32Array | Int8Array, off: number): void {
    if (out instanceof Float32Array) { out.set(v, off); return; }
    let max = 0;
    for (let j = 0; j < v.length; j++) { const a = Math.abs(v[j]); if (a > max) max = a; }
    const f = max > 0 ? 127 / max : 0;
    for (let j = 0; j < v.length; j++) out[off + j] = Math.round(v[j] * f);
  }

  private buffer(n: number): Float32Array | Int8Array {
    return this.options.quantization === 'i8' ? new Int8Array(n * this.dim) : new Float32Array(n * this.dim);
  }

  /** Inserts templates not yet in the graph (called before every search). */
  flush(): void {
    if (this.inGraph >= this.slots) return;
    const t = performance.now();
    for (let from = this.inGraph; from < this.slots; from += HNSW.batch) {
      const n = Math.min(HNSW.batch, this.slots - from);
      const keys = new BigUint64Array(n);
      const vecs = this.buffer(n);
      for (let i = 0; i < n; i++) { keys[i] = BigInt(from + i); this.encode(this.vector(from + i), vecs, i * this.dim); }
      this.ann.add(keys, vecs, this.options.threads);
    }
    this.inGraph = this.slots;
    this.buildMs += performance.now() - t;
  }

  /**
   * End of the start-up load. With a file path: adopt the graph saved there if it was built from the
   * same leading vectors in the same slot order (a running hash over every vector's bits) with the
   * same settings, insert the rest, and save the graph again when anything was inserted, so a restart
   * reads the graph instead of rebuilding it (1M templates: minutes of build against seconds of read).
   */
  finishLoad(file: string | null): void {
    if (file && this.inGraph === 0) this.adopt(file);
    const inserted = this.slots - this.inGraph;
    this.flush();
    if (file && inserted > 0) this.save(file);
  }

  private meta(slots: number): GraphMeta {
    const o = this.options;
    return { slots, fingerprint: slots ? this.hashes[slots - 1] : 0, dim: this.dim, connectivity: o.connectivity, expansionAdd: o.expansionAdd, quantization: o.quantization };
  }

  private adopt(file: string): void {
    if (!existsSync(file) || !existsSync(`${file}.json`)) return;
    const saved = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as GraphMeta;
    if (saved.slots < 1 || saved.slots > this.slots) return;
    if (JSON.stringify(saved) !== JSON.stringify(this.meta(saved.slots))) return;
    const t = performance.now();
    this.ann.load(file); // the running ef applies, not the file's (measured: ef 64 -> 1024 changed latency 10x)
    this.buildMs += performance.now() - t;
    this.inGraph = saved.slots;
    this.restoredSlots = saved.slots;
  }

  private save(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    this.ann.save(`${file}.tmp`);
    renameSync(`${file}.tmp`, file);
    writeFileSync(`${file}.json`, JSON.stringify(this.meta(this.slots)));
  }

  /**
   * Re-reads the graph saved at `file` with another query ef: lets a bench sweep ef on one build.
   * The file must be the one `finishLoad` saved or adopted for this index. Loaded, not memory-mapped:
   * a mapped graph is read-only and the next enrolment's insert would fail.
   */
  reopen(file: string, expansionSearch: number): void {
    this.flush();
    const o = { ...this.options, expansionSearch };
    const ann = new (usearch().CompiledIndex)(this.dim, o.quantization === 'i8' ? 'cos' : 'ip', o.quantization, o.connectivity, o.expansionAdd, o.expansionSearch, false);
    ann.load(file);
    if (ann.size() !== this.slots) throw new Error(`graph file holds ${ann.size()} templates, index ${this.slots}`);
    this.ann = ann;
    this.options = o;
  }

  search(probe: Float32Array, k: number): FaceHit[] {
    this.flush();
    if (this.slots === 0) return [];
    const want = Math.min(this.slots, Math.max(k * 2, this.options.rerank));
    const q = this.buffer(1);
    this.encode(probe, q, 0);
    // One query is one thread's work: extra threads only add hand-off cost.
    const [keys, , counts] = this.ann.search(q, want, 1);
    const top = new TopK(k);
    const d = this.dim;
    for (let i = 0; i < Number(counts[0]); i++) {
      const slot = Number(keys[i]);
      const v = this.vector(slot);
      let s = 0;
      for (let j = 0; j < d; j++) s += probe[j] * v[j];
      top.offer(this.slotKeys[slot], s);
    }
    return top.sorted();
  }

  scoreKey(key: number, probe: Float32Array): number | null { return this.side.scoreKey(key, probe); }
}
