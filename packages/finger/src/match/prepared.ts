// Matcher-ready form of a template: flat typed arrays plus rotation- and translation-invariant
// edges between each minutia and its nearest neighbours (length and the two minutia directions
// relative to the edge), as in SourceAFIS's edge table and Bozorth's pair table.
import { params } from '../params.ts';
import type { FingerTemplate } from '../types.ts';

export interface Prepared {
  n: number;
  /** Index in the template's minutiae of each prepared minutia (prepared order is by x). */
  original: Uint16Array;
  x: Float32Array; y: Float32Array; t: Float32Array; bif: Uint8Array;
  /** Weight of an unpaired minutia in the common-area count (see `overlapWeight`). */
  w: Float32Array;
  /** Edge k joins from[k] → to[k]; length, and directions of both ends relative to the edge, in [0, 2π). */
  from: Uint16Array; to: Uint16Array; len: Float32Array; a1: Float32Array; a2: Float32Array;
  /** Per edge, as a candidate: its bucket in the matcher's edge table (-1 if too long) and its length tolerance. */
  voteKey: Int32Array; lenTol: Float64Array;
  /** colStart[b] = first minutia (in x order) with x >= b * COLUMN, for b in [1, colStart.length - 1]; colStart[0] = 0 and the last entry is n. */
  colStart: Uint16Array;
  /** Bounding box of the minutiae. */
  bx0: number; bx1: number; by0: number; by1: number;
}

/** Matcher edge table: length bins × angle bins × angle bins. */
export const A_BINS = params.edgeAngleBins;
export const A_STEP = (2 * Math.PI) / A_BINS;
export const L_BINS = Math.ceil(params.maxEdgeLength / params.edgeLengthBin) + 1;
export const KEYS = L_BINS * A_BINS * A_BINS;
export function edgeKey(d: number, a: number, b: number): number {
  return (d * A_BINS + a) * A_BINS + b;
}
/** Width (px) of the columns of `colStart`: the pairing stage starts its strip scan there instead of a binary search. */
export const COLUMN = 1;

const TWO_PI = 2 * Math.PI;
const cache = new WeakMap<FingerTemplate, Prepared>();

export function wrap(a: number): number {
  a %= TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}
/** Smallest absolute difference of two angles, in [0, π]. */
export function angleDiff(a: number, b: number): number {
  // Both inputs are in [0, 2π): no modulo needed in this hot path.
  let d = a - b; if (d < 0) d = -d;
  return d > Math.PI ? TWO_PI - d : d;
}

/**
 * How much an unpaired minutia of this quality counts in the common area: fully from
 * `overlapFullQuality` up, proportionally below (floored at `overlapMinWeight`). Unpaired minutiae in
 * blotchy or smudged regions are more often false than missed, so they should not weigh on a genuine
 * score as much as a clear minutia that found no partner. Quality 0 means "not reported" (ISO/IEC
 * 19794-2 records from other systems): such minutiae count fully.
 */
export function overlapWeight(quality: number): number {
  if (!(quality > 0)) return 1;
  return Math.max(params.overlapMinWeight, Math.min(1, quality / params.overlapFullQuality));
}

/** The nearest-neighbour search's short sorted lists, reused by every prepare (never more than K entries). */
let nd = new Float32Array(16), nd2 = new Float64Array(16), nj = new Int32Array(16);

export function prepare(tpl: FingerTemplate): Prepared {
  const hit = cache.get(tpl);
  if (hit) return hit;
  // Sorted by x so the pairing stage can scan only a vertical strip of candidates.
  const index = tpl.minutiae.slice(0, 255).map((_, i) => i).sort((a, b) => tpl.minutiae[a].x - tpl.minutiae[b].x);
  const ms = index.map((i) => tpl.minutiae[i]);
  const n = ms.length;
  const K = Math.min(params.edgeNeighbours, n - 1);
  const cap = Math.max(0, n * K);
  // Column starts over x (minutiae are sorted by x; negative x all fall in column 0): their count comes from
  // the largest x as stored (float32), so the whole layout is known before anything is written.
  const cols = n ? Math.max(0, Math.floor(Math.fround(ms[n - 1].x) / COLUMN)) + 2 : 1;
  // Every array of the prepared form lives in one ArrayBuffer: prepare runs once per shortlisted candidate
  // in 1:N search, and allocating ~20 typed arrays, each with its own backing store for the collector to
  // track and free, took most of its time (measured: docs/finger.md, session 17). Sections are laid out
  // widest element first, so each is aligned to its element size.
  const at = new Layout();
  const oTol = at.take(cap, 8);
  const oX = at.take(n, 4), oY = at.take(n, 4), oT = at.take(n, 4), oW = at.take(n, 4);
  const oLen = at.take(cap, 4), oA1 = at.take(cap, 4), oA2 = at.take(cap, 4), oKey = at.take(cap, 4);
  const oOrig = at.take(n, 2), oFrom = at.take(cap, 2), oTo = at.take(cap, 2), oCol = at.take(cols, 2);
  const oBif = at.take(n, 1);
  const buf = new ArrayBuffer(at.size);
  const x = new Float32Array(buf, oX, n), y = new Float32Array(buf, oY, n), t = new Float32Array(buf, oT, n), bif = new Uint8Array(buf, oBif, n);
  const w = new Float32Array(buf, oW, n);
  for (let i = 0; i < n; i++) { const m = ms[i]; x[i] = m.x; y[i] = m.y; t[i] = wrap(m.angle); bif[i] = m.type === 'bifurcation' ? 1 : 0; w[i] = overlapWeight(m.quality); }
  const from = new Uint16Array(buf, oFrom, cap); const to = new Uint16Array(buf, oTo, cap);
  const len = new Float32Array(buf, oLen, cap); const a1 = new Float32Array(buf, oA1, cap); const a2 = new Float32Array(buf, oA2, cap);
  let e = 0;
  // The K nearest of each minutia by insertion into a short sorted list (ties keep index order, as a
  // stable sort would): prepare runs once per shortlisted candidate in 1:N search, so it must be cheap.
  if (nd.length < K) { nd = new Float32Array(K); nd2 = new Float64Array(K); nj = new Int32Array(K); }
  for (let i = 0; K > 0 && i < n; i++) {
    let size = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[j] - x[i], dy = y[j] - y[i]; const d2 = dx * dx + dy * dy;
      // Squared distance rejects most minutiae before the square root; exact, as sqrt is monotonic.
      if (size === K && d2 > nd2[K - 1]) continue;
      const d = Math.fround(Math.sqrt(d2));
      if (size === K && d >= nd[K - 1]) continue;
      let q = size < K ? size++ : K - 1;
      while (q > 0 && nd[q - 1] > d) { nd[q] = nd[q - 1]; nd2[q] = nd2[q - 1]; nj[q] = nj[q - 1]; q--; }
      nd[q] = d; nd2[q] = d2; nj[q] = j;
    }
    for (let k = 0; k < size; k++) {
      const j = nj[k]; const d = nd[k];
      if (d > params.maxEdgeLength || d < params.minEdgeLength) continue;
      const beta = Math.atan2(y[j] - y[i], x[j] - x[i]);
      // Inline wrap: both differences lie in (-π, 3π), where one add or subtract equals the modulo exactly.
      let u = t[i] - beta; if (u < 0) u += TWO_PI; else if (u >= TWO_PI) u -= TWO_PI;
      let v = t[j] - beta; if (v < 0) v += TWO_PI; else if (v >= TWO_PI) v -= TWO_PI;
      from[e] = i; to[e] = j; len[e] = d; a1[e] = u; a2[e] = v; e++;
    }
  }
  // Candidate-side bucket keys and tolerances, computed once per template rather than once per comparison
  // (same expressions as the matcher used inline, so votes are unchanged).
  const voteKey = new Int32Array(buf, oKey, e); const lenTol = new Float64Array(buf, oTol, e);
  const lenBin = params.edgeLengthBin, tol = params.edgeLengthTolerance, relTol = params.edgeLengthRelTolerance;
  for (let k = 0; k < e; k++) {
    const d = Math.floor(len[k] / lenBin);
    voteKey[k] = d >= L_BINS ? -1 : edgeKey(d, Math.floor(a1[k] / A_STEP) % A_BINS, Math.floor(a2[k] / A_STEP) % A_BINS);
    lenTol[k] = tol + relTol * len[k];
  }
  const colStart = new Uint16Array(buf, oCol, cols);
  // colStart[0] stays 0 (column 0 starts at the first minutia, negative x included), so a lookup may clamp
  // its column into [0, cols - 1] instead of testing both ends.
  for (let b = 1, j = 0; b < cols; b++) { while (j < n && x[j] < b * COLUMN) j++; colStart[b] = j; }
  let bx0 = Infinity, bx1 = -Infinity, by0 = Infinity, by1 = -Infinity;
  for (let i = 0; i < n; i++) { bx0 = Math.min(bx0, x[i]); bx1 = Math.max(bx1, x[i]); by0 = Math.min(by0, y[i]); by1 = Math.max(by1, y[i]); }
  const original = new Uint16Array(buf, oOrig, n);
  for (let i = 0; i < n; i++) original[i] = index[i];
  // The edge arrays were sized for every possible edge: views of the `e` written (no copy).
  const p: Prepared = {
    bx0, bx1, by0, by1, n, original, x, y, t, bif, w,
    from: from.subarray(0, e), to: to.subarray(0, e), len: len.subarray(0, e), a1: a1.subarray(0, e), a2: a2.subarray(0, e),
    voteKey, lenTol, colStart,
  };
  cache.set(tpl, p);
  return p;
}

/** Byte offsets of consecutive typed-array sections in one buffer, each aligned to its element size. */
class Layout {
  size = 0;
  take(count: number, bytesPerElement: number): number {
    const at = Math.ceil(this.size / bytesPerElement) * bytesPerElement;
    this.size = at + count * bytesPerElement;
    return at;
  }
}
