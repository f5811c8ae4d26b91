// Stage two of the 1:N prefilter: a rigid-transform vote over the slots the rotation vote shortlists.
// The rotation vote (prefilter.ts) counts edge collisions per rotation only, so a print that merely
// shares many edge shapes with the probe (same pattern class, similar ridge spacing) can outrank the
// mate. Here every colliding edge pair also implies a translation: where the probe's minutia
// centroid lands in the candidate once the probe is turned by the pair's rotation. A true mate's
// pairs agree on one (rotation, translation) cell; chance collisions scatter over many — the
// generalised Hough transform of Ratha et al. (1996) on edges instead of single minutiae, restricted
// to the few thousand candidates the cheap vote keeps, where recomputing a candidate's edges from
// its stored bytes is affordable.
import { params } from '../params.ts';
import type { FingerTemplate } from '../types.ts';
import { A_BINS, CODES, EdgeList, MAX_LEN, MAX_LISTED_MINUTIAE, MIN_LEN, atan2, edgeList, lengthBin, minutiaArrays, nearestNeighbours, neighbourCount, shapeCode } from './prefilter.ts';

const TWO_PI = 2 * Math.PI;
const HEADER = 12; // template/binary.ts: fixed header, then 6 bytes per minutia
/** Translation cells cover [-T_OFF·step, (T_BINS - T_OFF)·step) px; votes outside are dropped. */
const T_BINS = 128, T_OFF = 32;

/** The probe's edges grouped by shape code, positions relative to its minutia centroid: built once per search. */
export class RevoteProbe {
  readonly edges = new EdgeList();
  readonly head = new Int32Array(CODES).fill(-1);
  readonly next: Int32Array;

  constructor(t: FingerTemplate) {
    const { xs, ys, angles, n } = minutiaArrays(t);
    const e = edgeList(xs, ys, angles, n, params.prefilterNeighbours, this.edges);
    let cx = 0, cy = 0;
    for (let i = 0; i < n; i++) { cx += xs[i]; cy += ys[i]; }
    cx /= Math.max(1, n); cy /= Math.max(1, n);
    this.next = new Int32Array(e.count);
    // Relative to the centroid, so a rotation error moves the implied translation by
    // (error × distance from the centroid), not from the image corner.
    for (let k = e.count - 1; k >= 0; k--) {
      e.x[k] -= cx; e.y[k] -= cy;
      this.next[k] = this.head[e.code[k]]; this.head[e.code[k]] = k;
    }
  }
}

/** Entries per minutia in a candidate's stored stage-two neighbour lists (see revoteLists). */
function revoteStride(n: number): number { return neighbourCount(Math.min(n, MAX_LISTED_MINUTIAE), params.revoteNeighbours); }

/**
 * A finger's neighbour lists for stage two, to be stored with it: the first `revoteNeighbours` of each
 * minutia's list from a wider search (`stride` entries per minutia, as edgeList leaves them; the nearest
 * come first), so stage two needs no nearest-neighbour search per candidate. `n`: the template's minutiae.
 */
export function revoteLists(wide: Uint8Array, n: number, stride: number): Uint8Array {
  const m = Math.min(n, MAX_LISTED_MINUTIAE), keep = revoteStride(n);
  const out = new Uint8Array(m * keep);
  for (let i = 0; i < m; i++) out.set(wide.subarray(i * stride, i * stride + keep), i * keep);
  return out;
}

/** Edge lengths squared (integers: stored positions are whole pixels) → stage-two length bin, or -1 outside
 * [MIN_LEN, MAX_LEN): the bin shapeCode would give, read from a table instead of a square root. */
const LEN_BIN = (() => {
  const t = new Int8Array(MAX_LEN * MAX_LEN);
  for (let d2 = 0; d2 < t.length; d2++) {
    const d = Math.sqrt(d2);
    t[d2] = d >= MAX_LEN || d < MIN_LEN ? -1 : lengthBin(d);
  }
  return t;
})();

/**
 * The relative-direction bins of a finger's stage-two edges, one byte per entry of its neighbour lists
 * (`revoteLists`; `n` minutiae, directions in [0, 2π), positions in whole pixels as stored): the two
 * minutia directions relative to the edge, binned as in its shape code (a << 4 | b). With them stage two
 * finds an edge's shape code from the length alone (a table lookup on the squared length) and computes
 * directions only for the ~15% of edges whose shape the probe has. Out-of-range edges get 0 (their length
 * bin says so). The gallery stores them with each finger; `Revoter.score` makes them when not given.
 */
export function revoteShapes(xs: ArrayLike<number>, ys: ArrayLike<number>, angles: ArrayLike<number>, n: number, lists: Uint8Array): Uint8Array {
  const m = Math.min(n, MAX_LISTED_MINUTIAE), stride = revoteStride(n);
  const out = new Uint8Array(lists.length);
  if (lists.length === m * stride) writeShapes(xs, ys, angles, m, lists, stride, out);
  return out;
}

/** The direction-bin byte of every listed edge (`stride` list entries per minutia, `m` minutiae) into `out`. */
function writeShapes(xs: ArrayLike<number>, ys: ArrayLike<number>, as: ArrayLike<number>, m: number, lists: Uint8Array, stride: number, out: Uint8Array): void {
  for (let i = 0; i < m; i++) {
    for (let q = 0; q < stride; q++) {
      const e = i * stride + q, j = lists[e];
      const dx = xs[j] - xs[i], dy = ys[j] - ys[i]; const d = Math.sqrt(dx * dx + dy * dy);
      if (d >= MAX_LEN || d < MIN_LEN) { out[e] = 0; continue; }
      let beta = atan2(dy, dx); if (beta < 0) beta += TWO_PI;
      const ab = shapeCode(d, as[i], as[j], beta) % (A_BINS * A_BINS);
      out[e] = ((ab / A_BINS) << 4) | (ab % A_BINS);
    }
  }
}

interface MinutiaBuffers { xs: Float64Array; ys: Float64Array; as: Float64Array }

/** An encoded template's minutiae into `buf` (grown when needed): positions and directions in [0, 2π). */
function readMinutiae(encoded: Uint8Array, buf: MinutiaBuffers): MinutiaBuffers & { n: number } {
  const n = (encoded[10] << 8) | encoded[11];
  if (n > buf.xs.length) { buf.xs = new Float64Array(n); buf.ys = new Float64Array(n); buf.as = new Float64Array(n); }
  const xs = buf.xs, ys = buf.ys, as = buf.as;
  for (let i = 0, o = HEADER; i < n; i++, o += 6) {
    xs[i] = (encoded[o] << 8) | encoded[o + 1]; ys[i] = (encoded[o + 2] << 8) | encoded[o + 3];
    // A byte over 256 steps: already in [0, 2π), as edge codes need.
    as[i] = (encoded[o + 4] / 256) * TWO_PI;
  }
  return { xs, ys, as, n };
}

export interface RevoteOptions { neighbours: number; rotationBins: number; translationBin: number }

/** Scores candidates by the size of the largest (rotation, translation) cluster of edge collisions. */
export class Revoter {
  private readonly acc: Uint16Array;
  private touched = new Int32Array(4096);
  private lists = new Uint8Array(1024);
  private shapes = new Uint8Array(1024);
  private readonly buf: MinutiaBuffers = { xs: new Float64Array(128), ys: new Float64Array(128), as: new Float64Array(128) };
  private readonly rBins: number; private readonly rStep: number; private readonly tInv: number; private readonly neighbours: number;

  constructor(o: RevoteOptions = { neighbours: params.revoteNeighbours, rotationBins: params.revoteRotationBins, translationBin: params.revoteTranslationBin }) {
    this.rBins = o.rotationBins; this.rStep = TWO_PI / o.rotationBins; this.tInv = 1 / o.translationBin; this.neighbours = o.neighbours;
    this.acc = new Uint16Array(o.rotationBins * T_BINS * T_BINS);
  }

  /** Votes of the largest consistent cluster for one encoded candidate template. `lists`: the candidate's
   * neighbour lists (`revoteLists`), which spare the nearest-neighbour search, and `shapes` their direction
   * bins (`revoteShapes`); whatever is not given is made here. Every way gives the same edges and votes. */
  score(probe: RevoteProbe, encoded: Uint8Array, lists?: Uint8Array, shapes?: Uint8Array): number {
    const { xs, ys, as, n } = readMinutiae(encoded, this.buf);
    const m = Math.min(n, MAX_LISTED_MINUTIAE);
    let stride = revoteStride(n);
    if (!lists || lists.length !== m * stride || this.neighbours > stride) {
      stride = neighbourCount(m, this.neighbours);
      if (this.lists.length < m * stride) this.lists = new Uint8Array(m * stride * 2);
      nearestNeighbours(xs, ys, m, stride, this.lists);
      lists = this.lists; shapes = undefined;
    }
    // Without stored direction bins (a caller's own lists, or none), they are made here: one code path.
    if (!shapes || shapes.length !== lists.length) {
      if (this.shapes.length < m * stride) this.shapes = new Uint8Array(m * stride * 2);
      writeShapes(xs, ys, as, m, lists, stride, this.shapes);
      shapes = this.shapes;
    }
    const take = Math.min(this.neighbours, stride);
    const pe = probe.edges, head = probe.head, next = probe.next, acc = this.acc;
    const R_BINS = this.rBins, R_STEP = this.rStep, tInv = this.tInv;
    let touched = this.touched, nt = 0, best = 0;
    // The candidate's edges are made and voted in one pass (the edges of edgesFromNeighbours, in its
    // order). An edge's shape code comes from its stored direction bins and the length bin of its
    // (integer) squared length, and only an edge whose shape the probe also has goes on to its direction,
    // unit vector and the vote: most do not (the probe holds ~15% of the codes), and computing every edge
    // was most of stage two's time (docs/finger.md, session 14).
    for (let i = 0; i < m; i++) {
      const cx = xs[i], cy = ys[i];
      for (let q = 0; q < take; q++) {
        const e = i * stride + q, j = lists[e];
        const dx = xs[j] - cx, dy = ys[j] - cy, d2 = dx * dx + dy * dy;
        if (d2 >= LEN_BIN.length) continue;
        const l = LEN_BIN[d2];
        if (l < 0) continue;
        const ab = shapes[e];
        let p = head[(l * A_BINS + (ab >> 4)) * A_BINS + (ab & 15)];
        if (p < 0) continue;
        const d = Math.sqrt(d2);
        let cb = atan2(dy, dx); if (cb < 0) cb += TWO_PI;
        const cc = dx / d, cs = dy / d;
        for (; p >= 0; p = next[p]) {
          let th = cb - pe.beta[p]; if (th < 0) th += TWO_PI;
          // cos and sin of the difference of the two edge directions, from their unit vectors.
          const pc = pe.cos[p], ps = pe.sin[p];
          const co = cc * pc + cs * ps, si = cs * pc - cc * ps;
          // The probe centroid in candidate coordinates: candidate start minus the rotated probe offset.
          // Soft binning: each vote lands in the 2 nearest bins per axis, so a cluster split by a bin
          // boundary still meets in one cell.
          const fr = th / R_STEP - 0.5;
          const fx = (cx - (co * pe.x[p] - si * pe.y[p])) * tInv - 0.5 + T_OFF, fy = (cy - (si * pe.x[p] + co * pe.y[p])) * tInv - 0.5 + T_OFF;
          const r0 = Math.floor(fr), x0 = Math.floor(fx), y0 = Math.floor(fy);
          if (x0 < 0 || y0 < 0 || x0 + 1 >= T_BINS || y0 + 1 >= T_BINS) continue;
          if (nt + 8 > touched.length) { const g = new Int32Array(touched.length * 2); g.set(touched); this.touched = touched = g; }
          for (let dr = 0; dr < 2; dr++) {
            const r = (r0 + dr + R_BINS) % R_BINS; const base = (r * T_BINS + x0) * T_BINS + y0;
            let v = ++acc[base]; if (v === 1) touched[nt++] = base; if (v > best) best = v;
            v = ++acc[base + 1]; if (v === 1) touched[nt++] = base + 1; if (v > best) best = v;
            v = ++acc[base + T_BINS]; if (v === 1) touched[nt++] = base + T_BINS; if (v > best) best = v;
            v = ++acc[base + T_BINS + 1]; if (v === 1) touched[nt++] = base + T_BINS + 1; if (v > best) best = v;
          }
        }
      }
    }
    for (let i = 0; i < nt; i++) acc[touched[i]] = 0;
    return best;
  }
}
