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
  /** Edge k joins from[k] → to[k]; length, and directions of both ends relative to the edge, in [0, 2π). */
  from: Uint16Array; to: Uint16Array; len: Float32Array; a1: Float32Array; a2: Float32Array;
}

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

export function prepare(tpl: FingerTemplate): Prepared {
  const hit = cache.get(tpl);
  if (hit) return hit;
  // Sorted by x so the pairing stage can scan only a vertical strip of candidates.
  const index = tpl.minutiae.slice(0, 255).map((_, i) => i).sort((a, b) => tpl.minutiae[a].x - tpl.minutiae[b].x);
  const ms = index.map((i) => tpl.minutiae[i]);
  const n = ms.length;
  const x = Float32Array.from(ms, (m) => m.x); const y = Float32Array.from(ms, (m) => m.y);
  const t = Float32Array.from(ms, (m) => wrap(m.angle)); const bif = Uint8Array.from(ms, (m) => (m.type === 'bifurcation' ? 1 : 0));
  const K = Math.min(params.edgeNeighbours, n - 1);
  const cap = Math.max(0, n * K);
  const from = new Uint16Array(cap); const to = new Uint16Array(cap);
  const len = new Float32Array(cap); const a1 = new Float32Array(cap); const a2 = new Float32Array(cap);
  let e = 0;
  const order: number[] = []; const dist = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let j = 0; j < n; j++) if (j !== i) { dist[j] = Math.hypot(x[j] - x[i], y[j] - y[i]); order.push(j); }
    order.sort((p, q) => dist[p] - dist[q]);
    for (let k = 0; k < K; k++) {
      const j = order[k];
      if (dist[j] > params.maxEdgeLength || dist[j] < params.minEdgeLength) continue;
      const beta = Math.atan2(y[j] - y[i], x[j] - x[i]);
      from[e] = i; to[e] = j; len[e] = dist[j]; a1[e] = wrap(t[i] - beta); a2[e] = wrap(t[j] - beta); e++;
    }
  }
  const p: Prepared = { n, original: Uint16Array.from(index), x, y, t, bif, from: from.slice(0, e), to: to.slice(0, e), len: len.slice(0, e), a1: a1.slice(0, e), a2: a2.slice(0, e) };
  cache.set(tpl, p);
  return p;
}
