// Approximate 1:N face search with an HNSW graph (usearch, native, prebuilt binary shipped in its
// npm package). Same interface as FaceIndex. Each template gets its own graph slot; slots map to
// record keys, and a search asks for extra neighbours so several templates of one record still
// leave k distinct records. An int8 FaceIndex alongside answers scoreKey (a record's own score for
// 1:1 and for records shortlisted by fingers), which the graph cannot do. Adds are buffered and
// inserted in batches, which is much faster than one at a time.
import { createRequire } from 'node:module';
import { FaceIndex, TopK, type FaceHit, type FaceSearchIndex } from './face-index.ts';

export const HNSW = {
  connectivity: 16,        // M: edges per node; 16 is the usual balance of memory and recall
  expansionAdd: 128,       // efConstruction
  // ef at query time: recall over speed. On 100k clustered templates ef 256 and 512 lost true mates
  // (28/30, 29/30), 1024 none at 11 ms (docs/server.md). CANDOR_HNSW_EF overrides it.
  expansionSearch: Number(process.env.CANDOR_HNSW_EF) > 0 ? Number(process.env.CANDOR_HNSW_EF) : 1024,
  batch: 4096,
  threads: 1,              // shared machines: one thread unless told otherwise
} as const;

type Usearch = typeof import('usearch');
let loaded: Usearch | null = null;
/** Loaded on first use, so a platform without the prebuilt binary still runs the exact indexes. */
function usearch(): Usearch {
  loaded ??= createRequire(import.meta.url)('usearch') as Usearch;
  return loaded;
}

export class HnswFaceIndex implements FaceSearchIndex {
  readonly dim: number;
  readonly encoding = 'hnsw' as const;
  private readonly ann: InstanceType<Usearch['Index']>;
  private readonly side: FaceIndex;
  private slotKeys: Int32Array = new Int32Array(1024);
  private slots = 0;
  private pending: Float32Array[] = [];
  private pendingFrom = 0;

  constructor(dim: number, capacity = 1024, private readonly threads: number = HNSW.threads) {
    this.dim = dim;
    const u = usearch();
    this.ann = new u.Index({
      dimensions: dim, metric: u.MetricKind.IP, quantization: u.ScalarKind.F32,
      connectivity: HNSW.connectivity, expansion_add: HNSW.expansionAdd, expansion_search: HNSW.expansionSearch, multi: false,
    });
    this.side = new FaceIndex(dim, 'int8', capacity);
  }

  get size(): number { return this.slots; }

  add(key: number, vector: Float32Array): void {
    if (this.slots === this.slotKeys.length) { const k = new Int32Array(this.slots * 2); k.set(this.slotKeys); this.slotKeys = k; }
    this.slotKeys[this.slots++] = key;
    this.side.add(key, vector);
    this.pending.push(vector.slice());
    if (this.pending.length >= HNSW.batch) this.flush();
  }

  /** Inserts buffered templates into the graph (called before every search). */
  flush(): void {
    if (!this.pending.length) return;
    const n = this.pending.length;
    const keys = new BigUint64Array(n);
    const vecs = new Float32Array(n * this.dim);
    for (let i = 0; i < n; i++) { keys[i] = BigInt(this.pendingFrom + i); vecs.set(this.pending[i], i * this.dim); }
    this.ann.add(keys, vecs, this.threads);
    this.pendingFrom += n;
    this.pending = [];
  }

  search(probe: Float32Array, k: number): FaceHit[] {
    this.flush();
    if (this.slots === 0) return [];
    const want = Math.min(this.slots, k * 2);
    const m = this.ann.search(probe, want, this.threads);
    const top = new TopK(k);
    for (let i = 0; i < m.keys.length; i++) {
      // usearch reports inner-product distance as 1 - dot.
      top.offer(this.slotKeys[Number(m.keys[i])], 1 - m.distances[i]);
    }
    return top.sorted();
  }

  scoreKey(key: number, probe: Float32Array): number | null { return this.side.scoreKey(key, probe); }
}
