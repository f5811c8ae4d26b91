// 1:1 comparison. Once per probe: a table of its edges by shape. Per candidate: (1) look up the candidate's
// edges to vote for plausible minutia pairings, (2) for the best-voted pairings, align the probe
// on the candidate (rotation + translation), pair minutiae within a tolerance that grows with
// distance from the anchor (skin distortion), refine the alignment by least squares and pair again
// (only when the first pairing comes within `refitMargin` pairs of the best so far),
// (3) score the largest consistent pairing relative to the minutiae in the common area (unpaired ones weighted
// by their quality), times the agreement of the two prints' ridge flows under that alignment.
// Steps (1) and (2) run in WebAssembly (assembly/align.ts through align-kernel.ts): they are ~85% of a
// comparison's time, and the compiled kernel gives the same results as the TypeScript it replaced.
import { params } from '../params.ts';
import type { FingerTemplate, RidgeField } from '../types.ts';
import { ridgeFactor } from './ridge-agreement.ts';
import { type Prepared, COLUMN, prepare } from './prepared.ts';
import { alignKernel } from './align-kernel.ts';

/** Exact reciprocal: COLUMN is a power of two, so x * INV_COLUMN === x / COLUMN. */
const INV_COLUMN = 1 / COLUMN;
if (Math.log2(COLUMN) % 1 !== 0) throw new RangeError('COLUMN must be a power of two');

/** `pairs` index the probe's and the candidate's minutiae arrays. */
export interface MatchDetail { score: number; pairs: [number, number][]; rotation: number; scale: number; dx: number; dy: number }

/** Prepares a probe once; `match` compares it with one candidate. Symmetric enough, not exactly. Not thread-safe. */
export class FingerprintMatcher {
  private readonly p: Prepared;
  private bestRot = 0; private bestScale = 1; private bestDx = 0; private bestDy = 0;
  /** The best alignment's pairs, filled by align (views into the kernel's memory: read before the next align). */
  private bi: Uint16Array = new Uint16Array(0); private bj: Uint16Array = new Uint16Array(0);
  /** Per score: bit 0 = probe minutia i is paired, bit 1 = candidate minutia i is paired. */
  private readonly paired = new Uint8Array(256);
  private readonly px = new Float32Array(256); private readonly py = new Float32Array(256);
  private readonly near = new Uint8Array(256);

  constructor(readonly probe: FingerTemplate) {
    // The edge table the vote looks candidate edges up in is built by the alignment kernel when it loads this probe.
    this.p = prepare(probe);
  }

  match(candidate: FingerTemplate): number {
    // The score alone: no pair list is built (it would be garbage in 1:N search).
    const c = prepare(candidate); const n = this.align(c);
    return n < 3 ? 0 : this.finalScore(c, n, candidate.field);
  }

  /** The best alignment's score (pairs in bi/bj, transform in bestRot/bestScale/bestDx/bestDy) times its ridge-flow factor. */
  private finalScore(c: Prepared, n: number, candidateField: RidgeField | undefined): number {
    const rot = this.bestRot, s = this.bestScale, dx = this.bestDx, dy = this.bestDy;
    return this.score(this.p, c, n, rot, s, dx, dy, candidateField) * ridgeFactor(this.probe.field, candidateField, rot, dx, dy, s);
  }

  detail(candidate: FingerTemplate): MatchDetail {
    const p = this.p; const c = prepare(candidate); const n = this.align(c);
    if (n < 3) return { score: 0, pairs: [], rotation: 0, scale: 1, dx: 0, dy: 0 };
    const bi = this.bi, bj = this.bj;
    const pairs = Array.from({ length: n }, (_, k): [number, number] => [p.original[bi[k]], c.original[bj[k]]]);
    return { score: this.finalScore(c, n, candidate.field), pairs, rotation: this.bestRot, scale: this.bestScale, dx: this.bestDx, dy: this.bestDy };
  }

  /** Finds the best alignment: returns its pair count (pairs in bi/bj, transform in bestRot/bestScale/bestDx/bestDy). */
  private align(c: Prepared): number {
    const k = alignKernel();
    const n = k.align(this.p, c);
    this.bi = k.bi; this.bj = k.bj;
    this.bestRot = k.bestRot; this.bestScale = k.bestScale; this.bestDx = k.bestDx; this.bestDy = k.bestDy;
    return n;
  }

  /** Paired count squared over the minutiae of each template that lie in the common area: paired ones count 1,
   * unpaired ones their quality weight (`overlapWeight`). The best pairing is in bi/bj. The common area is
   * where the other print has ridges (its ridge field's foreground) when both templates have a field, else
   * within reach of the other's minutiae. */
  private score(p: Prepared, c: Prepared, k: number, rot: number, s: number, dx: number, dy: number, candidateField?: RidgeField): number {
    const paired = this.paired;
    paired.fill(0, 0, Math.max(p.n, c.n));
    for (let q = 0; q < k; q++) { paired[this.bi[q]] |= 1; paired[this.bj[q]] |= 2; }
    const probeField = this.probe.field;
    if (probeField && candidateField) return this.scoreOnFields(p, c, k, rot, s, dx, dy, probeField, candidateField);
    const cs = Math.cos(rot) * s, sn = Math.sin(rot) * s;
    // Common area: within reach of the other template's minutiae after alignment.
    const reach = params.overlapReach, reach2 = reach * reach;
    const cx = c.x, cy = c.y, cn = c.n, colStart = c.colStart, cols = colStart.length, px = this.px, py = this.py, near = this.near;
    near.fill(0, 0, cn);
    let po = 0, co = 0;
    // Only candidates in the strip |Δx| <= reach + 1 can be within reach (|Δx| >= reach already fails the strict
    // test); the extra pixel covers the float32 rounding of px/py, which the candidate-side test uses.
    for (let i = 0; i < p.n; i++) {
      const x = cs * p.x[i] - sn * p.y[i] + dx, y = sn * p.x[i] + cs * p.y[i] + dy;
      px[i] = x; py[i] = y;
      const fx = px[i], fy = py[i];
      const left = x - reach - 1; const b = Math.floor(left * INV_COLUMN);
      let j = colStart[Math.min(Math.max(b, 0), cols - 1)];
      let hit = false;
      for (; j < cn; j++) {
        if (cx[j] - x > reach + 1) break;
        let ex = cx[j] - x, ey = cy[j] - y;
        if (!hit && ex * ex + ey * ey < reach2) { po += paired[i] & 1 ? 1 : p.w[i]; hit = true; }
        if (!near[j]) { ex = cx[j] - fx; ey = cy[j] - fy; if (ex * ex + ey * ey < reach2) { near[j] = 1; co += paired[j] & 2 ? 1 : c.w[j]; } }
      }
    }
    return pairedShare(k, po, co);
  }

  /** `score` with the common area taken from the ridge fields: a probe minutia counts when it lands on the
   * candidate's foreground, a candidate minutia when it lands (inversely transformed) on the probe's.
   * Minutiae in sparse regions of the other print count too, which the reach test misses. */
  private scoreOnFields(p: Prepared, c: Prepared, k: number, rot: number, s: number, dx: number, dy: number, pf: RidgeField, cf: RidgeField): number {
    const cos = Math.cos(rot), sin = Math.sin(rot);
    const cs = cos * s, sn = sin * s;
    // The inverse transform for candidate minutiae (a scale of exactly 1 divides exactly).
    const ics = cos / s, isn = sin / s;
    const paired = this.paired; // filled by score()
    let po = 0, co = 0;
    for (let i = 0; i < p.n; i++) {
      if (paired[i] & 1) { po += 1; continue; }
      if (onForeground(cf, cs * p.x[i] - sn * p.y[i] + dx, sn * p.x[i] + cs * p.y[i] + dy)) po += p.w[i];
    }
    for (let j = 0; j < c.n; j++) {
      if (paired[j] & 2) { co += 1; continue; }
      const X = c.x[j] - dx, Y = c.y[j] - dy;
      if (onForeground(pf, ics * X + isn * Y, -isn * X + ics * Y)) co += c.w[j];
    }
    return pairedShare(k, po, co);
  }
}

/** 100 · k² over the two common-area counts, each floored at overlapMinCount (a tiny overlap is weak evidence). */
function pairedShare(k: number, po: number, co: number): number {
  const m = params.overlapMinCount;
  return (100 * k * k) / (Math.max(po, m) * Math.max(co, m));
}

function onForeground(f: RidgeField, x: number, y: number): boolean {
  if (x < 0 || y < 0) return false;
  const bx = (x / f.block) | 0, by = (y / f.block) | 0;
  return bx < f.cols && by < f.rows && f.codes[by * f.cols + bx] !== 0;
}

/** Similarity of two templates (0 = nothing in common; higher = more similar). See fingerCalibration for its FMR. */
export function matchFingerprints(probe: FingerTemplate, candidate: FingerTemplate): number {
  return new FingerprintMatcher(probe).match(candidate);
}
