// Stage one of 1:N search: an inverted index of quantised edges with a rotation vote.
// Each edge (a minutia and one of its nearest neighbours) has a code — its length and both
// minutia directions relative to the edge, invariant to rotation and translation — and an absolute
// direction. A probe edge that finds a stored edge with the same code implies a rotation between
// the two prints; votes are accumulated per (stored finger, rotation bin). A true mate's votes pile
// up in one rotation bin while chance collisions spread over all of them, which is what makes a
// cheap count discriminative (a Hough transform reduced to rotation, as in geometric hashing).
import { params } from '../params.ts';
import type { FingerTemplate } from '../types.ts';

const TWO_PI = 2 * Math.PI;
const L_STEP = params.prefilterLengthBin;
const L_BINS = Math.ceil(params.maxEdgeLength / L_STEP);
/** Relative-direction bins per minutia of an edge (at most 16: stage two stores a pair of them in one byte). */
export const A_BINS = params.prefilterAngleBins;
if (A_BINS > 16) throw new RangeError('prefilterAngleBins must be at most 16');
const A_STEP = TWO_PI / A_BINS;
/** Rotation bins: a power of two so a posting packs as slot << ROT_SHIFT | direction bin (slots < 2^26).
 * 32 bins of 11.25°, scored over two adjacent ones: a 22.5° window placed in 11.25° steps, which
 * keeps more of a mate's votes together than 16 bins of 22.5° did (500k harness: 129 vs 127 of 140
 * mates kept, stage one ~15% slower; 32 bins with 3-bin windows or 64 with 5 kept 128, docs/finger.md
 * session 13). */
const ROT_SHIFT = 5;
const ROT = 1 << ROT_SHIFT;
const MAX_SLOTS = 2 ** (31 - ROT_SHIFT);
export const CODES = L_BINS * A_BINS * A_BINS;

function wrap(a: number): number { a %= TWO_PI; return a < 0 ? a + TWO_PI : a; }

/** Edges as parallel arrays: shape code (without the direction bin), start minutia position and
 * absolute direction. Reused between calls (grown on demand) so per-candidate work allocates nothing. */
export class EdgeList {
  count = 0;
  code = new Int32Array(256); x = new Float64Array(256); y = new Float64Array(256); beta = new Float64Array(256);
  /** cos and sin of beta (the edge's unit vector), so a rotation between two edges needs no trigonometry. */
  cos = new Float64Array(256); sin = new Float64Array(256);
  /** Length and both minutia directions relative to the edge, in [0, 2π): what the shape code bins (a
   * widened probe query reads how close each lies to a bin boundary). */
  len = new Float64Array(256); ra = new Float64Array(256); rb = new Float64Array(256);
  reserve(n: number): void {
    if (n <= this.code.length) return;
    this.code = new Int32Array(n); this.x = new Float64Array(n); this.y = new Float64Array(n); this.beta = new Float64Array(n);
    this.cos = new Float64Array(n); this.sin = new Float64Array(n);
    this.len = new Float64Array(n); this.ra = new Float64Array(n); this.rb = new Float64Array(n);
  }
}

/**
 * atan2 from the odd polynomial of Abramowitz & Stegun 4.4.49 on [0, 1] (|error| <= 1e-5 rad) and octant
 * folding. The angles it feeds are cut into 22.5° bins, so the error moves an edge across a bin
 * boundary only when it lies within 1e-5 rad of one; it is ~4× faster than Math.atan2 in V8, which took
 * a quarter of the prefilter's second stage (docs/finger.md, session 12).
 */
export function atan2(y: number, x: number): number {
  const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
  const big = ax > ay ? ax : ay;
  if (big === 0) return 0;
  const a = (ax > ay ? ay : ax) / big, s = a * a;
  let r = a * (0.9998660 + s * (-0.3302995 + s * (0.1801410 + s * (-0.0851330 + s * 0.0208351))));
  if (ay > ax) r = Math.PI / 2 - r;
  if (x < 0) r = Math.PI - r;
  return y < 0 ? -r : r;
}
const knnD = new Float64Array(64), knnJ = new Int32Array(64);
let wrapped = new Float64Array(128);
let scratchNbr = new Uint8Array(1024);
export const MAX_LEN = params.maxEdgeLength, MIN_LEN = params.minEdgeLength;
/** Neighbour lists hold minutia indices in one byte each, so only a template's first 256 minutiae get edges. */
export const MAX_LISTED_MINUTIAE = 256;

/** How many neighbours each minutia gets: min(neighbours, n - 1), capped by the search buffer. */
export function neighbourCount(n: number, neighbours: number): number { return Math.max(0, Math.min(neighbours, n - 1, knnD.length)); }

/**
 * Writes each minutia's `neighbourCount(n, neighbours)` nearest, nearest first (equal distances: lower
 * index first), into `out` at i × count. The first m of a list are the m nearest, so lists for 18
 * neighbours (stage one) also hold the lists for 10 (stage two). This search is most of the cost of
 * an edge list (measured: ~70%; its comparisons branch unpredictably), which is why the gallery keeps
 * the stage-two lists of every stored finger instead of searching again per candidate.
 */
export function nearestNeighbours(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, neighbours: number, out: Uint8Array): void {
  const K = neighbourCount(n, neighbours);
  const nd = knnD, nj = knnJ;
  for (let i = 0; K > 0 && i < n; i++) {
    let size = 0; const xi = xs[i], yi = ys[i];
    // The K nearest by insertion into a short sorted list, squared distance first.
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = xs[j] - xi, dy = ys[j] - yi; const d = dx * dx + dy * dy;
      if (size === K && d >= nd[K - 1]) continue;
      let q = size < K ? size++ : K - 1;
      while (q > 0 && nd[q - 1] > d) { nd[q] = nd[q - 1]; nj[q] = nj[q - 1]; q--; }
      nd[q] = d; nj[q] = j;
    }
    for (let k = 0; k < K; k++) out[i * K + k] = nj[k];
  }
}

/** An edge length's bin in shape codes. */
export function lengthBin(d: number): number { return (d / L_STEP) | 0; }

/**
 * An edge's shape code: its length bin and both minutia directions relative to the edge direction `beta`,
 * each binned. `d` in [MIN, MAX) edge length; directions and `beta` wrapped to [0, 2π). Small enough for
 * V8 to inline into the per-edge loops (this one and stage two's fused vote).
 */
export function shapeCode(d: number, ai: number, aj: number, beta: number): number {
  return binnedShape(d, relative(ai, beta), relative(aj, beta));
}

/** A direction in [0, 2π) relative to an edge direction `beta` in [0, 2π), in [0, 2π). */
function relative(a: number, beta: number): number { const r = a - beta; return r < 0 ? r + TWO_PI : r; }

/** The shape code of an edge of length `d` whose minutia directions relative to it are `ra` and `rb`. */
function binnedShape(d: number, ra: number, rb: number): number {
  // Truncation and a compare instead of Math.floor and %: the operands are non-negative, and a
  // floating-point modulo costs more than everything else done per edge.
  const l = lengthBin(d);
  let a = (ra / A_STEP) | 0; if (a >= A_BINS) a -= A_BINS;
  let b = (rb / A_STEP) | 0; if (b >= A_BINS) b -= A_BINS;
  return (l * A_BINS + a) * A_BINS + b;
}

/**
 * Fills `out` with the edges from each minutia to the first `take` entries of its neighbour list
 * (`lists` holds `stride` entries per minutia, as written by nearestNeighbours).
 */
export function edgesFromNeighbours(xs: ArrayLike<number>, ys: ArrayLike<number>, angles: ArrayLike<number>, n: number, lists: Uint8Array, stride: number, take: number, out: EdgeList): EdgeList {
  out.count = 0;
  const K = Math.min(take, stride);
  if (K < 1) return out;
  out.reserve(n * K);
  const oc = out.code, ox = out.x, oy = out.y, ob = out.beta, ocos = out.cos, osin = out.sin, ol = out.len, ora = out.ra, orb = out.rb;
  let count = 0;
  // Directions wrapped once per minutia, so each edge needs only sign tests, not a floating modulo
  // (for inputs in [0, 2π) a difference in (-2π, 2π) plus 2π when negative equals wrap()).
  if (wrapped.length < n) wrapped = new Float64Array(Math.max(n, 2 * wrapped.length));
  for (let i = 0; i < n; i++) wrapped[i] = wrap(angles[i]);
  for (let i = 0; i < n; i++) {
    const xi = xs[i], yi = ys[i];
    for (let k = 0; k < K; k++) {
      const j = lists[i * stride + k];
      const dx = xs[j] - xi, dy = ys[j] - yi; const d = Math.sqrt(dx * dx + dy * dy);
      if (d >= MAX_LEN || d < MIN_LEN) continue;
      let beta = atan2(dy, dx); if (beta < 0) beta += TWO_PI;
      const ra = relative(wrapped[i], beta), rb = relative(wrapped[j], beta);
      oc[count] = binnedShape(d, ra, rb); ox[count] = xi; oy[count] = yi; ob[count] = beta;
      ocos[count] = dx / d; osin[count] = dy / d; ol[count] = d; ora[count] = ra; orb[count] = rb; count++;
    }
  }
  out.count = count;
  return out;
}

/** Fills `out` with each minutia's edges to its `neighbours` nearest (ties keep index order). Optionally
 * leaves the neighbour lists in `lists` (n × neighbourCount entries). Only the first 256 minutiae take
 * part (one-byte indices; ISO/IEC 19794-2 records hold at most 255, the extractor at most 80). */
export function edgeList(xs: ArrayLike<number>, ys: ArrayLike<number>, angles: ArrayLike<number>, count: number, neighbours: number, out: EdgeList, lists?: Uint8Array): EdgeList {
  const n = Math.min(count, MAX_LISTED_MINUTIAE);
  const K = neighbourCount(n, neighbours);
  out.count = 0;
  if (K < 1) return out;
  if (!lists) { if (scratchNbr.length < n * K) scratchNbr = new Uint8Array(n * K * 2); lists = scratchNbr; }
  nearestNeighbours(xs, ys, n, K, lists);
  return edgesFromNeighbours(xs, ys, angles, n, lists, K, K, out);
}

/** Minutiae of a template as parallel arrays. */
export function minutiaArrays(t: FingerTemplate): { xs: Float64Array; ys: Float64Array; angles: Float64Array; n: number } {
  const n = t.minutiae.length; const xs = new Float64Array(n), ys = new Float64Array(n), angles = new Float64Array(n);
  for (let i = 0; i < n; i++) { const m = t.minutiae[i]; xs[i] = m.x; ys[i] = m.y; angles[i] = m.angle; }
  return { xs, ys, angles, n };
}

const scratch = new EdgeList();
/** Edges of a template as (code, direction bin) pairs, flattened, deduplicated. */
export function edgeCodes(t: FingerTemplate, neighbours: number = params.prefilterNeighbours): Int32Array {
  const { xs, ys, angles, n } = minutiaArrays(t);
  return codesOf(edgeList(xs, ys, angles, n, neighbours, scratch));
}

/**
 * An edge list's (code, direction bin) pairs, sorted and deduplicated. With a `margin` (a share of a bin's
 * width), each edge also gives, for each of its three shape dimensions (length and the two relative
 * directions) that lies within the margin of a bin boundary, its code with that one dimension moved to the
 * neighbouring bin: a probe's widened stage-one query (see probeCodes).
 */
export function codesOf(e: EdgeList, margin = 0): Int32Array {
  const codes = new Int32Array(margin > 0 ? 4 * e.count : e.count); let m = 0;
  for (let k = 0; k < e.count; k++) {
    const r = ((e.beta[k] / TWO_PI) * ROT) & (ROT - 1), c = e.code[k];
    codes[m++] = c * ROT + r;
    if (!(margin > 0)) continue;
    const b = c % A_BINS, a = ((c - b) / A_BINS) % A_BINS, l = (c - a * A_BINS - b) / (A_BINS * A_BINS);
    const nl = neighbourBin(e.len[k] / L_STEP, margin), na = neighbourBin(e.ra[k] / A_STEP, margin), nb = neighbourBin(e.rb[k] / A_STEP, margin);
    if (nl !== 0 && l + nl >= 0 && l + nl < L_BINS) codes[m++] = (c + nl * A_BINS * A_BINS) * ROT + r;
    if (na !== 0) codes[m++] = (c + (((a + na + A_BINS) % A_BINS) - a) * A_BINS) * ROT + r;
    if (nb !== 0) codes[m++] = (c + ((b + nb + A_BINS) % A_BINS) - b) * ROT + r;
  }
  const sorted = codes.subarray(0, m).sort();
  let u = 0;
  for (let k = 0; k < m; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[u++] = sorted[k];
  return sorted.slice(0, u);
}

/**
 * A probe's stage-one query: its edges' codes widened by `margin` (codesOf; 0 = exact codes, as stored).
 * Stored edges keep their one exact code: an edge of the mate measured a pixel or a few degrees differently
 * falls on the other side of a boundary often enough (a 10 px length bin, 22.5° direction bins) that many of
 * a mate's votes are lost, most in distorted prints. Only the probe side is widened, so the index and its
 * memory are unchanged and the cost is in the scan, proportional to the codes queried (margin 0.1: ~1.6×
 * the codes, stage one ~1.4× the time; 500k-finger shard: mates in stage two's top 100, 132 → 133 of 140;
 * in stage one's top 15,000, 137 → 139; docs/finger.md, session 17). Only one dimension is moved at a time:
 * moving two or all three more than doubled the codes for no more mates.
 */
export function probeCodes(t: FingerTemplate, neighbours: number, margin: number): Int32Array {
  const { xs, ys, angles, n } = minutiaArrays(t);
  return codesOf(edgeList(xs, ys, angles, n, neighbours, scratch), margin);
}

/** -1 or +1 when a fractional bin position lies within `margin` of its bin's lower or upper boundary, else 0. */
function neighbourBin(f: number, margin: number): number {
  const r = f - Math.floor(f);
  return r < margin ? -1 : r > 1 - margin ? 1 : 0;
}

/** Slots per block of the stage-one scan: the block's accumulator (BLOCK × ROT bytes, 256 KB) stays in a core's L2 cache. */
const BLOCK = 1 << (18 - ROT_SHIFT);

/** Posting lists per edge code, as growable typed arrays of slot << ROT_SHIFT | direction bin, each kept
 * in slot order (the scan walks them block by block). */
export class EdgeIndex {
  private readonly lists: Int32Array[] = Array.from({ length: CODES }, () => new Int32Array(4));
  private readonly sizes = new Int32Array(CODES);
  /** One scan block's accumulator, grown to at most BLOCK slots: a small gallery keeps a small one. */
  private acc = new Uint8Array(0);
  private total = 0;

  add(slot: number, edges: Int32Array): void {
    // Postings pack slot << ROT_SHIFT into a positive int32: past 2^26 slots per index, shard further.
    if (slot >= MAX_SLOTS) throw new RangeError(`edge index holds at most ${MAX_SLOTS} slots`);
    for (const e of edges) {
      const c = e >>> ROT_SHIFT; let l = this.lists[c]; const n = this.sizes[c];
      if (n === l.length) { const g = new Int32Array(l.length * 2); g.set(l); this.lists[c] = l = g; }
      const p = (slot << ROT_SHIFT) | (e & (ROT - 1));
      // Loading appends in slot order; a reused (freed) slot is inserted in its place.
      let k = n;
      if (n > 0 && l[n - 1] > p) { k = lowerBound(l, n, p); l.copyWithin(k + 1, k, n); }
      l[k] = p; this.sizes[c] = n + 1;
    }
    this.total += edges.length;
  }

  remove(slot: number, edges: Int32Array): void {
    for (const c of new Set(Array.from(edges, (e) => e >>> ROT_SHIFT))) {
      const l = this.lists[c]; const n = this.sizes[c]; let w = 0;
      // Order-preserving: removals are rare (corrections, erasure), scans are not.
      for (let k = 0; k < n; k++) if (l[k] >>> ROT_SHIFT !== slot) l[w++] = l[k];
      this.total -= n - w; this.sizes[c] = w;
    }
  }

  /** The `count` best slots: max over rotations (two adjacent bins) of colliding edges, times norm[slot]. */
  top(probe: Int32Array, slots: number, norm: Float32Array, count: number): number[] {
    const need = Math.min(slots, BLOCK) * ROT;
    if (this.acc.length < need) this.acc = new Uint8Array(need);
    // The same bytes as 8-byte words, for clearing a slot's bins (ROT is a multiple of 8).
    const acc = this.acc, words = new Float64Array(acc.buffer);
    // Codes far more common than average (short edges along parallel ridges, present in every
    // print) carry almost no identity and cost the most to scan: skip them. The floor keeps small
    // galleries, where every list is short, fully searched.
    const stop = Math.max(64, (params.prefilterStopRatio * this.total) / CODES);
    const use: Int32Array[] = [], sizes: number[] = [], bins: number[] = [];
    for (const e of probe) {
      const c = e >>> ROT_SHIFT; const n = this.sizes[c];
      if (n === 0 || n > stop) continue;
      use.push(this.lists[c]); sizes.push(n); bins.push(e & (ROT - 1));
    }
    const cursor = new Int32Array(use.length);
    const hs = new Float32Array(count); const hi = new Int32Array(count); let size = 0;
    // Block by block: every probe list advances through the block's slots, so the accumulator's
    // increments hit the cache instead of main memory (one accumulator for a 500k-slot shard is 8 MB;
    // measured 2.3× faster than one pass over it, docs/finger.md session 12).
    for (let b0 = 0; b0 < slots; b0 += BLOCK) {
      const b1 = Math.min(slots, b0 + BLOCK), limit = b1 << ROT_SHIFT, base = b0 << ROT_SHIFT;
      for (let q = 0; q < use.length; q++) {
        const l = use[q], n = sizes[q], pb = bins[q];
        let k = cursor[q];
        for (; k < n; k++) {
          const p = l[k];
          if (p >= limit) break;
          const i = ((p & ~(ROT - 1)) | (((p & (ROT - 1)) - pb) & (ROT - 1))) - base;
          if (acc[i] < 255) acc[i]++;
        }
        cursor[q] = k;
      }
      // Keep the best `count` in a min-heap while clearing the block's accumulator.
      // A slot's bins are read once each (the window's other bin is the previous one read) and cleared
      // eight bytes at a time through `words`: this loop runs for every slot of the gallery.
      for (let s = b0; s < b1; s++) {
        const o = (s - b0) * ROT; let best = 0;
        let prev = acc[o + ROT - 1];
        for (let r = o, end = o + ROT; r < end; r++) {
          const cur = acc[r]; const v = prev + cur; prev = cur;
          if (v > best) best = v;
        }
        if (best === 0) continue;
        for (let q = o >> 3, end = (o + ROT) >> 3; q < end; q++) words[q] = 0;
        const score = best * norm[s];
        if (score <= 0) continue;
        if (size < count) heapPush(hs, hi, size++, score, s);
        else if (score > hs[0]) { hs[0] = score; hi[0] = s; siftDown(hs, hi, size); }
      }
    }
    return Array.from({ length: size }, (_, k) => k).sort((a, b) => hs[b] - hs[a]).map((k) => hi[k]);
  }
}
/** First index in l[0..n) whose value is >= v (l sorted ascending). */
function lowerBound(l: Int32Array, n: number, v: number): number {
  let lo = 0, hi = n;
  while (lo < hi) { const m = (lo + hi) >> 1; if (l[m] < v) lo = m + 1; else hi = m; }
  return lo;
}

// Min-heap of the best scores seen so far (root = weakest kept).
function heapPush(s: Float32Array, idx: Int32Array, n: number, score: number, slot: number): void {
  let i = n; s[i] = score; idx[i] = slot;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (s[p] <= s[i]) break;
    [s[p], s[i]] = [s[i], s[p]]; [idx[p], idx[i]] = [idx[i], idx[p]]; i = p;
  }
}
function siftDown(s: Float32Array, idx: Int32Array, n: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1, r = l + 1; let m = i;
    if (l < n && s[l] < s[m]) m = l;
    if (r < n && s[r] < s[m]) m = r;
    if (m === i) return;
    [s[m], s[i]] = [s[i], s[m]]; [idx[m], idx[i]] = [idx[i], idx[m]]; i = m;
  }
}
