// 1:1 comparison. Once per probe: a hash of its edges. Per candidate: (1) look up the candidate's
// edges to vote for plausible minutia pairings, (2) for the best-voted pairings, align the probe
// on the candidate (rotation + translation), pair minutiae within a tolerance that grows with
// distance from the anchor (skin distortion), refine the alignment by least squares and pair again,
// (3) score the largest consistent pairing relative to the minutiae in the common area.
import { params } from '../params.ts';
import type { FingerTemplate } from '../types.ts';
import { type Prepared, angleDiff, prepare, wrap } from './prepared.ts';

const A_BINS = params.edgeAngleBins;
const A_STEP = (2 * Math.PI) / A_BINS;

function key(d: number, a: number, b: number): number {
  return (d * A_BINS + a) * A_BINS + b;
}

export interface MatchDetail { score: number; pairs: [number, number][]; rotation: number; dx: number; dy: number }

/** Prepares a probe once; `match` compares it with one candidate. Symmetric enough, not exactly. Not thread-safe. */
export class FingerprintMatcher {
  private readonly p: Prepared;
  private readonly table = new Map<number, number[]>();
  private votes = new Uint16Array(0);
  private readonly px = new Float32Array(256); private readonly py = new Float32Array(256); private readonly pt = new Float32Array(256);
  private readonly pairOf = new Int16Array(256); private readonly takenC = new Uint8Array(256);

  constructor(readonly probe: FingerTemplate) {
    this.p = prepare(probe);
    const { len, a1, a2 } = this.p;
    for (let e = 0; e < len.length; e++) {
      // Insert into the two nearest bins per feature so lookups tolerate quantisation edges.
      const fd = len[e] / params.edgeLengthBin, f1 = a1[e] / A_STEP, f2 = a2[e] / A_STEP;
      const ds = [Math.floor(fd), Math.round(fd) === Math.floor(fd) ? Math.floor(fd) - 1 : Math.floor(fd) + 1];
      const b1 = [Math.floor(f1), Math.round(f1) === Math.floor(f1) ? Math.floor(f1) - 1 : Math.floor(f1) + 1];
      const b2 = [Math.floor(f2), Math.round(f2) === Math.floor(f2) ? Math.floor(f2) - 1 : Math.floor(f2) + 1];
      for (const d of ds) for (const u of b1) for (const v of b2) {
        if (d < 0) continue;
        const k = key(d, (u + A_BINS) % A_BINS, (v + A_BINS) % A_BINS);
        const list = this.table.get(k);
        if (list) list.push(e); else this.table.set(k, [e]);
      }
    }
  }

  match(candidate: FingerTemplate): number {
    return this.detail(candidate).score;
  }

  detail(candidate: FingerTemplate): MatchDetail {
    const p = this.p; const c = prepare(candidate);
    const none: MatchDetail = { score: 0, pairs: [], rotation: 0, dx: 0, dy: 0 };
    if (p.n < 2 || c.n < 2) return none;
    const np = p.n, nc = c.n;
    if (this.votes.length < np * nc) this.votes = new Uint16Array(np * nc);
    const votes = this.votes; votes.fill(0, 0, np * nc);
    for (let e = 0; e < c.len.length; e++) {
      const list = this.table.get(key(Math.floor(c.len[e] / params.edgeLengthBin), Math.floor(c.a1[e] / A_STEP), Math.floor(c.a2[e] / A_STEP)));
      if (!list) continue;
      for (const q of list) {
        if (Math.abs(p.len[q] - c.len[e]) > params.edgeLengthTolerance + params.edgeLengthRelTolerance * c.len[e]) continue;
        if (angleDiff(p.a1[q], c.a1[e]) > params.edgeAngleTolerance || angleDiff(p.a2[q], c.a2[e]) > params.edgeAngleTolerance) continue;
        votes[p.from[q] * nc + c.from[e]]++;
        votes[p.to[q] * nc + c.to[e]]++;
      }
    }
    const roots = topRoots(votes, np * nc, params.roots);
    let best = none;
    for (const r of roots) {
      const i = (r / nc) | 0, j = r % nc;
      const rot = wrap(c.t[j] - p.t[i]);
      const cs = Math.cos(rot), sn = Math.sin(rot);
      let dx = c.x[j] - (cs * p.x[i] - sn * p.y[i]); let dy = c.y[j] - (sn * p.x[i] + cs * p.y[i]);
      let pairs = this.pair(p, c, rot, dx, dy, c.x[j], c.y[j]);
      if (pairs.length >= 3) {
        const fit = rigidFit(p, c, pairs);
        pairs = this.pair(p, c, fit.rot, fit.dx, fit.dy, fit.cx, fit.cy);
        if (pairs.length >= 2) { const f2 = rigidFit(p, c, pairs); dx = f2.dx; dy = f2.dy; }
        const score = this.score(p, c, pairs, fit.rot, fit.dx, fit.dy);
        if (score > best.score) best = { score, pairs, rotation: fit.rot, dx, dy };
      }
    }
    return best;
  }

  /** Greedy one-to-one pairing, nearest first, of the transformed probe with the candidate. */
  private pair(p: Prepared, c: Prepared, rot: number, dx: number, dy: number, ax: number, ay: number): [number, number][] {
    const cs = Math.cos(rot), sn = Math.sin(rot);
    const cand: number[] = [];
    for (let i = 0; i < p.n; i++) {
      const x = cs * p.x[i] - sn * p.y[i] + dx, y = sn * p.x[i] + cs * p.y[i] + dy, t = wrap(p.t[i] + rot);
      this.px[i] = x; this.py[i] = y; this.pt[i] = t;
      const tol = params.pairDistance + params.pairDistanceGrowth * Math.hypot(x - ax, y - ay);
      const tol2 = tol * tol;
      for (let j = 0; j < c.n; j++) {
        const ex = c.x[j] - x, ey = c.y[j] - y; const d2 = ex * ex + ey * ey;
        if (d2 > tol2 || angleDiff(c.t[j], t) > params.pairAngle) continue;
        cand.push(d2 / tol2, i, j);
      }
    }
    const idx: number[] = [];
    for (let k = 0; k < cand.length; k += 3) idx.push(k);
    idx.sort((a, b) => cand[a] - cand[b]);
    this.pairOf.fill(-1, 0, p.n); this.takenC.fill(0, 0, c.n);
    const out: [number, number][] = [];
    for (const k of idx) {
      const i = cand[k + 1], j = cand[k + 2];
      if (this.pairOf[i] >= 0 || this.takenC[j]) continue;
      this.pairOf[i] = j; this.takenC[j] = 1; out.push([i, j]);
    }
    return out;
  }

  /** Paired count squared over the minutiae of each template that lie in the common area. */
  private score(p: Prepared, c: Prepared, pairs: [number, number][], rot: number, dx: number, dy: number): number {
    const k = pairs.length;
    const cs = Math.cos(rot), sn = Math.sin(rot);
    // Common area: within reach of the other template's minutiae after alignment.
    const reach2 = params.overlapReach * params.overlapReach;
    let po = 0, co = 0;
    for (let i = 0; i < p.n; i++) {
      const x = cs * p.x[i] - sn * p.y[i] + dx, y = sn * p.x[i] + cs * p.y[i] + dy;
      this.px[i] = x; this.py[i] = y;
      for (let j = 0; j < c.n; j++) { const ex = c.x[j] - x, ey = c.y[j] - y; if (ex * ex + ey * ey < reach2) { po++; break; } }
    }
    for (let j = 0; j < c.n; j++) {
      for (let i = 0; i < p.n; i++) { const ex = c.x[j] - this.px[i], ey = c.y[j] - this.py[i]; if (ex * ex + ey * ey < reach2) { co++; break; } }
    }
    const m = params.overlapMinCount;
    return (100 * k * k) / (Math.max(po, m) * Math.max(co, m));
  }
}

function topRoots(votes: Uint16Array, n: number, count: number): number[] {
  const out: number[] = [];
  let floor = 1;
  for (let r = 0; r < n; r++) {
    const v = votes[r];
    if (v < floor) continue;
    out.push(r);
    if (out.length > count * 4) { out.sort((a, b) => votes[b] - votes[a]); out.length = count; floor = votes[out[count - 1]]; }
  }
  out.sort((a, b) => votes[b] - votes[a]);
  return out.slice(0, count);
}

/** Least-squares rotation and translation mapping paired probe minutiae onto the candidate's. */
function rigidFit(p: Prepared, c: Prepared, pairs: [number, number][]) {
  let mx = 0, my = 0, nx = 0, ny = 0;
  for (const [i, j] of pairs) { mx += p.x[i]; my += p.y[i]; nx += c.x[j]; ny += c.y[j]; }
  const k = pairs.length; mx /= k; my /= k; nx /= k; ny /= k;
  let sxx = 0, sxy = 0;
  for (const [i, j] of pairs) {
    const ax = p.x[i] - mx, ay = p.y[i] - my, bx = c.x[j] - nx, by = c.y[j] - ny;
    sxx += ax * bx + ay * by; sxy += ax * by - ay * bx;
  }
  const rot = wrap(Math.atan2(sxy, sxx));
  const cs = Math.cos(rot), sn = Math.sin(rot);
  return { rot, dx: nx - (cs * mx - sn * my), dy: ny - (sn * mx + cs * my), cx: nx, cy: ny };
}

/** Similarity of two templates (0 = nothing in common; higher = more similar). See fingerCalibration for its FMR. */
export function matchFingerprints(probe: FingerTemplate, candidate: FingerTemplate): number {
  return new FingerprintMatcher(probe).match(candidate);
}
