// Stage one of 1:N search: each template is summarised as a fixed-length bit vector of its
// quantised edges (minutia pairs described by length and both directions relative to the edge,
// hence invariant to rotation and translation). Gallery vectors set the exact bin; the probe also
// sets the neighbouring bins, so the AND-popcount counts gallery edges within tolerance of some
// probe edge (with prefilterExpand; measured worse than exact bins, see docs/finger.md).
// Scanning the 2160-bit vectors costs 68 word operations per template.
import { params } from '../params.ts';
import type { FingerTemplate } from '../types.ts';

const L_BINS = Math.ceil(params.maxEdgeLength / params.prefilterLengthBin);
const A_BINS = params.prefilterAngleBins;
/** One bit per (length, angle, angle) bin: no hashing, so no collisions. */
const BITS = L_BINS * A_BINS * A_BINS;
export const WORDS = (BITS + 31) >>> 5;
const A_STEP = (2 * Math.PI) / A_BINS;

function wrap(a: number): number { a %= 2 * Math.PI; return a < 0 ? a + 2 * Math.PI : a; }

/** Writes the template's edge bit vector into `out` (WORDS words), returns the number of bits set. */
export function signature(t: FingerTemplate, out: Uint32Array, probe: boolean): number {
  out.fill(0);
  const ms = t.minutiae; const n = ms.length;
  const K = Math.min(params.prefilterNeighbours, n - 1);
  const order: number[] = []; const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let j = 0; j < n; j++) if (j !== i) { dist[j] = Math.hypot(ms[j].x - ms[i].x, ms[j].y - ms[i].y); order.push(j); }
    order.sort((p, q) => dist[p] - dist[q]);
    for (let k = 0; k < K; k++) {
      const j = order[k]; const d = dist[j];
      if (d >= params.maxEdgeLength || d < params.minEdgeLength) continue;
      const beta = Math.atan2(ms[j].y - ms[i].y, ms[j].x - ms[i].x);
      const fd = d / params.prefilterLengthBin, f1 = wrap(ms[i].angle - beta) / A_STEP, f2 = wrap(ms[j].angle - beta) / A_STEP;
      if (!probe || !params.prefilterExpand) { set(out, Math.floor(fd), Math.floor(f1), Math.floor(f2)); continue; }
      for (const dd of near(fd)) for (const u of near(f1)) for (const v of near(f2)) set(out, dd, u, v);
    }
  }
  let bits = 0;
  for (let w = 0; w < WORDS; w++) bits += popcount(out[w]);
  return bits;
}

function near(f: number): [number, number] {
  const b = Math.floor(f);
  return [b, f - b < 0.5 ? b - 1 : b + 1];
}

function set(out: Uint32Array, d: number, a: number, b: number): void {
  if (d < 0 || d >= L_BINS) return;
  const code = (d * A_BINS + ((a + A_BINS) % A_BINS)) * A_BINS + ((b + A_BINS) % A_BINS);
  const bit = code;
  out[bit >>> 5] |= 1 << (bit & 31);
}

export function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
