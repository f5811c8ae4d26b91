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
import { RevoteKernel, type RevoteKernelProbe, revoteKernel } from './revote-kernel.ts';

const TWO_PI = 2 * Math.PI;
const HEADER = 12; // template/binary.ts: fixed header, then 6 bytes per minutia
/** Translation cells cover [-T_OFF·step, (T_BINS - T_OFF)·step) px; votes outside are dropped. */
const T_BINS = 128, T_OFF = 32;

/** The probe's edges grouped by shape code, positions relative to its minutia centroid: built once per search. */
export class RevoteProbe {
  readonly edges = new EdgeList();
  readonly head = new Int32Array(CODES).fill(-1);
  readonly next: Int32Array;
  /** The same, as the stage-two kernel reads it. */
  readonly kernelProbe: RevoteKernelProbe;

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
    this.kernelProbe = { head: this.head, next: this.next, count: e.count, x: e.x, y: e.y, beta: e.beta, cos: e.cos, sin: e.sin };
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

/** An encoded template's minutia count, and its first `into.length` minutiae decoded into `xs`/`ys`/`as`
 * (positions; directions in [0, 2π)). */
function readMinutiae(encoded: Uint8Array, xs: Float64Array, ys: Float64Array, as: Float64Array): number {
  const n = (encoded[10] << 8) | encoded[11];
  for (let i = 0, o = HEADER, end = Math.min(n, xs.length); i < end; i++, o += 6) {
    xs[i] = (encoded[o] << 8) | encoded[o + 1]; ys[i] = (encoded[o + 2] << 8) | encoded[o + 3];
    // A byte over 256 steps: already in [0, 2π), as edge codes need.
    as[i] = (encoded[o + 4] / 256) * TWO_PI;
  }
  return n;
}

export interface RevoteOptions { neighbours: number; rotationBins: number; translationBin: number }

/** Scores candidates by the size of the largest (rotation, translation) cluster of edge collisions. The vote
 * itself runs in WebAssembly (assembly/revote.ts, through revote-kernel.ts; docs/finger.md, session 15):
 * here the candidate is decoded, and its neighbour lists and direction bins made when not given, straight
 * into the kernel's memory. */
export class Revoter {
  private readonly rBins: number; private readonly tBin: number; private readonly neighbours: number;
  private readonly config: string;

  constructor(o: RevoteOptions = { neighbours: params.revoteNeighbours, rotationBins: params.revoteRotationBins, translationBin: params.revoteTranslationBin }) {
    this.rBins = o.rotationBins; this.tBin = o.translationBin; this.neighbours = o.neighbours;
    this.config = RevoteKernel.configKey(LEN_BIN, A_BINS, this.rBins, this.tBin, T_OFF);
    if (revoteKernel().translationBins !== T_BINS) throw new RangeError('revote kernel: translation bins differ');
  }

  /** Votes of the largest consistent cluster for one encoded candidate template. `lists`: the candidate's
   * neighbour lists (`revoteLists`), which spare the nearest-neighbour search, and `shapes` their direction
   * bins (`revoteShapes`); whatever is not given is made here. Every way gives the same edges and votes. */
  score(probe: RevoteProbe, encoded: Uint8Array, lists?: Uint8Array, shapes?: Uint8Array): number {
    const k = revoteKernel();
    k.configure(this.config, LEN_BIN, A_BINS, this.rBins, this.tBin, T_OFF);
    k.useProbe(probe.kernelProbe);
    // Only the first MAX_LISTED_MINUTIAE minutiae have lists (indices are bytes), so only they are decoded.
    const n = readMinutiae(encoded, k.xs, k.ys, k.as);
    const m = Math.min(n, MAX_LISTED_MINUTIAE);
    let stride = revoteStride(n);
    if (!lists || lists.length !== m * stride || this.neighbours > stride) {
      stride = neighbourCount(m, this.neighbours);
      nearestNeighbours(k.xs, k.ys, m, stride, k.lists);
      shapes = undefined;
    } else k.lists.set(lists);
    // Without stored direction bins (a caller's own lists, or none), they are made here: one code path.
    if (!shapes || shapes.length !== m * stride) writeShapes(k.xs, k.ys, k.as, m, k.lists, stride, k.shapes);
    else k.shapes.set(shapes);
    return k.score(m, stride, Math.min(this.neighbours, stride));
  }
}
