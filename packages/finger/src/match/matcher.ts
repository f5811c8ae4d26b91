// 1:1 comparison. Once per probe: a hash of its edges. Per candidate: (1) look up the candidate's
// edges to vote for plausible minutia pairings, (2) for the best-voted pairings, align the probe
// on the candidate (rotation + translation), pair minutiae within a tolerance that grows with
// distance from the anchor (skin distortion), refine the alignment by least squares and pair again
// (only when the first pairing comes within `refitMargin` pairs of the best so far),
// (3) score the largest consistent pairing relative to the minutiae in the common area (unpaired ones weighted
// by their quality), times the agreement of the two prints' ridge flows under that alignment.
import { params } from '../params.ts';
import type { FingerTemplate, RidgeField } from '../types.ts';
import { ridgeFactor } from './ridge-agreement.ts';
import { type Prepared, A_BINS, A_STEP, COLUMN, KEYS, L_BINS, edgeKey as key, prepare, wrap } from './prepared.ts';

const TWO_PI = 2 * Math.PI;
/** Exact reciprocal: COLUMN is a power of two, so x * INV_COLUMN === x / COLUMN. */
const INV_COLUMN = 1 / COLUMN;
if (Math.log2(COLUMN) % 1 !== 0) throw new RangeError('COLUMN must be a power of two');
/** Vote count at which a pairing is remembered as a possible anchor (the lower of the two thresholds). */
const HOT = Math.min(params.minAnchorVotes, params.fallbackAnchorVotes);

function near(f: number): [number, number] {
  const b = Math.floor(f);
  return [b, f - b < 0.5 ? b - 1 : b + 1];
}

/** `pairs` index the probe's and the candidate's minutiae arrays. */
export interface MatchDetail { score: number; pairs: [number, number][]; rotation: number; dx: number; dy: number }

/** Prepares a probe once; `match` compares it with one candidate. Symmetric enough, not exactly. Not thread-safe. */
export class FingerprintMatcher {
  private readonly p: Prepared;
  private readonly start: Int32Array;
  /** Probe edges in bucket order (copied so a bucket scan reads contiguous memory). */
  private readonly eLen: Float32Array; private readonly eA1: Float32Array; private readonly eA2: Float32Array;
  private readonly eFrom: Uint16Array; private readonly eTo: Uint16Array;
  private votes = new Uint16Array(0);
  /** Pairings whose votes reached HOT, in the order they did. */
  private hot = new Int32Array(0); private hotN = 0;
  private readonly px = new Float32Array(256); private readonly py = new Float32Array(256); private readonly pt = new Float32Array(256);
  private readonly pairOf = new Int16Array(256); private readonly takenC = new Uint8Array(256);
  private bestRot = 0; private bestDx = 0; private bestDy = 0;
  /** Per score: bit 0 = probe minutia i is paired, bit 1 = candidate minutia i is paired. */
  private readonly paired = new Uint8Array(256);
  private readonly covered = new Int16Array(256); private readonly near = new Uint8Array(256);
  private readonly pi = new Uint16Array(256); private readonly pj = new Uint16Array(256);
  private readonly bi = new Uint16Array(256); private readonly bj = new Uint16Array(256);
  private readonly cost = new Float32Array(4096); private readonly ci = new Uint16Array(4096);
  private readonly cj = new Uint16Array(4096); private readonly order = new Uint16Array(4096);

  constructor(readonly probe: FingerTemplate) {
    this.p = prepare(probe);
    const { len, a1, a2 } = this.p;
    // Direct-indexed bucket table (compressed rows): the key space is small, so no hashing.
    const keys: number[] = []; const edges: number[] = [];
    for (let e = 0; e < len.length; e++) {
      // Insert into the two nearest bins per feature so lookups tolerate quantisation edges.
      const fd = len[e] / params.edgeLengthBin, f1 = a1[e] / A_STEP, f2 = a2[e] / A_STEP;
      for (const d of near(fd)) for (const u of near(f1)) for (const v of near(f2)) {
        if (d < 0 || d >= L_BINS) continue;
        keys.push(key(d, (u + A_BINS) % A_BINS, (v + A_BINS) % A_BINS)); edges.push(e);
      }
    }
    const start = new Int32Array(KEYS + 1);
    for (const k of keys) start[k + 1]++;
    for (let k = 0; k < KEYS; k++) start[k + 1] += start[k];
    const fill = start.slice(0, KEYS); const entries = new Int32Array(keys.length);
    for (let q = 0; q < keys.length; q++) entries[fill[keys[q]]++] = edges[q];
    this.start = start;
    this.eLen = new Float32Array(entries.length); this.eA1 = new Float32Array(entries.length); this.eA2 = new Float32Array(entries.length);
    this.eFrom = new Uint16Array(entries.length); this.eTo = new Uint16Array(entries.length);
    for (let z = 0; z < entries.length; z++) {
      const q = entries[z];
      this.eLen[z] = len[q]; this.eA1[z] = a1[q]; this.eA2[z] = a2[q]; this.eFrom[z] = this.p.from[q]; this.eTo[z] = this.p.to[q];
    }
  }

  match(candidate: FingerTemplate): number {
    // The score alone: no pair list is built (it would be garbage in 1:N search).
    const c = prepare(candidate); const n = this.align(c);
    return n < 3 ? 0 : this.finalScore(c, n, candidate.field);
  }

  /** The best alignment's score (pairs in bi/bj, transform in bestRot/bestDx/bestDy) times its ridge-flow factor. */
  private finalScore(c: Prepared, n: number, candidateField: RidgeField | undefined): number {
    const rot = this.bestRot, dx = this.bestDx, dy = this.bestDy;
    return this.score(this.p, c, n, rot, dx, dy, candidateField) * ridgeFactor(this.probe.field, candidateField, rot, dx, dy);
  }

  detail(candidate: FingerTemplate): MatchDetail {
    const p = this.p; const c = prepare(candidate); const n = this.align(c);
    if (n < 3) return { score: 0, pairs: [], rotation: 0, dx: 0, dy: 0 };
    const bi = this.bi, bj = this.bj;
    const pairs = Array.from({ length: n }, (_, k): [number, number] => [p.original[bi[k]], c.original[bj[k]]]);
    return { score: this.finalScore(c, n, candidate.field), pairs, rotation: this.bestRot, dx: this.bestDx, dy: this.bestDy };
  }

  /** Finds the best alignment: returns its pair count (pairs in bi/bj, transform in bestRot/bestDx/bestDy). */
  private align(c: Prepared): number {
    const p = this.p;
    if (p.n < 2 || c.n < 2) return 0;
    const np = p.n, nc = c.n;
    if (this.votes.length < np * nc) { this.votes = new Uint16Array(np * nc); this.hot = new Int32Array(np * nc); }
    const votes = this.votes; votes.fill(0, 0, np * nc);
    const hot = this.hot; let hotN = 0;
    const start = this.start, eLen = this.eLen, eA1 = this.eA1, eA2 = this.eA2, eFrom = this.eFrom, eTo = this.eTo;
    const ckey = c.voteKey, clen = c.len, ctol = c.lenTol, ca1 = c.a1, ca2 = c.a2, cfrom = c.from, cto = c.to;
    const maxA = params.edgeAngleTolerance;
    for (let e = 0; e < clen.length; e++) {
      const k = ckey[e];
      if (k < 0) continue;
      const l = clen[e], tl = ctol[e], u = ca1[e], v = ca2[e];
      for (let z = start[k], end = start[k + 1]; z < end; z++) {
        const d = Math.abs(eLen[z] - l);
        if (d > tl) continue;
        // Both angles lie in [0, 2π): the absolute difference, folded past π, is the angular distance.
        // Branch-free: the min picks the folded distance (exact; these branches mispredicted often).
        let da = Math.abs(eA1[z] - u); da = Math.min(da, TWO_PI - da);
        if (da > maxA) continue;
        let db = Math.abs(eA2[z] - v); db = Math.min(db, TWO_PI - db);
        if (db > maxA) continue;
        const r1 = eFrom[z] * nc + cfrom[e], r2 = eTo[z] * nc + cto[e];
        if (++votes[r1] === HOT) hot[hotN++] = r1;
        if (++votes[r2] === HOT) hot[hotN++] = r2;
      }
    }
    this.hotN = hotN;
    let roots = this.topRoots(params.roots, params.minAnchorVotes);
    // Small or barely overlapping impressions may share too few edges for 3 votes: fall back to 2.
    if (roots.length < params.fallbackBelow) roots = this.topRoots(params.roots, params.fallbackAnchorVotes);
    // Pairings live in typed buffers (pi/pj for the current anchor, bi/bj for the best so far):
    // this loop runs for up to `roots` anchors per comparison and must not allocate.
    const pi = this.pi, pj = this.pj, bi = this.bi, bj = this.bj;
    let bestN = 0;
    this.covered.fill(0, 0, np);
    for (const r of roots) {
      const i = (r / nc) | 0, j = r % nc;
      // A root already paired under an earlier alignment would only reproduce that alignment.
      if (this.covered[i] === j + 1) continue;
      const rot = wrap(c.t[j] - p.t[i]);
      const cs = Math.cos(rot), sn = Math.sin(rot);
      const dx = c.x[j] - (cs * p.x[i] - sn * p.y[i]), dy = c.y[j] - (sn * p.x[i] + cs * p.y[i]);
      let n = this.pair(p, c, rot, dx, dy, c.x[j], c.y[j]);
      if (n < 3) continue;
      // This anchor's first pairing already names the alignment its pairs would give as anchors.
      for (let k = 0; k < n; k++) this.covered[pi[k]] = pj[k] + 1;
      // A first pairing well below the best so far rarely overtakes it after the re-fit (docs/finger.md).
      if (n + params.refitMargin <= bestN) continue;
      const fit = rigidFit(p, c, pi, pj, n);
      n = this.pair(p, c, fit.rot, fit.dx, fit.dy, fit.cx, fit.cy);
      for (let k = 0; k < n; k++) this.covered[pi[k]] = pj[k] + 1;
      if (n > bestN) {
        bestN = n; for (let k = 0; k < n; k++) { bi[k] = pi[k]; bj[k] = pj[k]; }
        this.bestRot = fit.rot; this.bestDx = fit.dx; this.bestDy = fit.dy;
      }
    }
    return bestN;
  }

  /** The `count` pairings with the most votes (at least `minVotes`), most first, ties by index: the pairings that
   * reached HOT votes are the only ones that can qualify, so only they are sorted (not all np × nc). */
  private topRoots(count: number, minVotes: number): number[] {
    const votes = this.votes; const out: number[] = [];
    if (minVotes < HOT || HOT < 1) {
      for (let r = 0; r < votes.length; r++) if (votes[r] >= minVotes) out.push(r);
    } else {
      for (let q = 0; q < this.hotN; q++) { const r = this.hot[q]; if (votes[r] >= minVotes) out.push(r); }
    }
    out.sort((a, b) => votes[b] - votes[a] || a - b);
    if (out.length > count) out.length = count;
    return out;
  }

  /** Greedy one-to-one pairing, nearest first, of the transformed probe with the candidate, into pi/pj; returns the count. */
  private pair(p: Prepared, c: Prepared, rot: number, dx: number, dy: number, ax: number, ay: number): number {
    const cs = Math.cos(rot), sn = Math.sin(rot);
    const cost = this.cost, ci = this.ci, cj = this.cj, cap = cost.length;
    let m = 0;
    const maxA = params.pairAngle, base = params.pairDistance, growth = params.pairDistanceGrowth;
    const px = p.x, py = p.y, pt = p.t, pn = p.n;
    const colStart = c.colStart, cols = colStart.length, cn = c.n, cx = c.x, cy = c.y, ct = c.t;
    // The candidate's bounding box: a transformed probe minutia farther than its tolerance from it has no partner.
    const x0 = c.bx0, x1 = c.bx1, y0 = c.by0, y1 = c.by1;
    for (let i = 0; i < pn; i++) {
      const x = cs * px[i] - sn * py[i] + dx, y = sn * px[i] + cs * py[i] + dy;
      const ox = x - ax, oy = y - ay; // Math.hypot is several times slower than sqrt in V8
      // |ox| + |oy| >= the distance, so `loose` bounds the tolerance from above: a cheap early reject, exact.
      const loose = base + growth * (Math.abs(ox) + Math.abs(oy));
      if (x < x0 - loose || x > x1 + loose || y < y0 - loose || y > y1 + loose) continue;
      const tol = base + growth * Math.sqrt(ox * ox + oy * oy);
      const tol2 = tol * tol;
      // First candidate with x >= x - tol: from its column start, then a few steps (same as a binary search).
      const left = x - tol; const b = Math.floor(left * INV_COLUMN);
      // Clamped into the table (its first entry is 0, its last n): the same start without two branches.
      let lo = colStart[Math.min(Math.max(b, 0), cols - 1)];
      while (lo < cn && cx[lo] < left) lo++;
      let t = -1;
      for (let j = lo; j < cn; j++) {
        const ex = cx[j] - x; if (ex > tol) break;
        const ey = cy[j] - y; const d2 = ex * ex + ey * ey;
        if (d2 > tol2) continue;
        if (t < 0) { t = pt[i] + rot; if (t >= TWO_PI) t -= TWO_PI; }
        let da = Math.abs(ct[j] - t); da = Math.min(da, TWO_PI - da);
        if (da > maxA) continue;
        if (m === cap) break;
        cost[m] = d2 / tol2; ci[m] = i; cj[m] = j; m++;
      }
    }
    // Insertion sort by cost: candidate lists are short.
    const order = this.order;
    for (let k = 0; k < m; k++) {
      let q = k;
      while (q > 0 && cost[order[q - 1]] > cost[k]) { order[q] = order[q - 1]; q--; }
      order[q] = k;
    }
    const pairOf = this.pairOf, takenC = this.takenC, pi = this.pi, pj = this.pj;
    pairOf.fill(-1, 0, p.n); takenC.fill(0, 0, c.n);
    let n = 0;
    for (let q = 0; q < m; q++) {
      const k = order[q]; const i = ci[k], j = cj[k];
      if (pairOf[i] >= 0 || takenC[j]) continue;
      pairOf[i] = j; takenC[j] = 1; pi[n] = i; pj[n] = j; n++;
    }
    return n;
  }

  /** Paired count squared over the minutiae of each template that lie in the common area: paired ones count 1,
   * unpaired ones their quality weight (`overlapWeight`). The best pairing is in bi/bj. The common area is
   * where the other print has ridges (its ridge field's foreground) when both templates have a field, else
   * within reach of the other's minutiae. */
  private score(p: Prepared, c: Prepared, k: number, rot: number, dx: number, dy: number, candidateField?: RidgeField): number {
    const paired = this.paired;
    paired.fill(0, 0, Math.max(p.n, c.n));
    for (let q = 0; q < k; q++) { paired[this.bi[q]] |= 1; paired[this.bj[q]] |= 2; }
    const probeField = this.probe.field;
    if (probeField && candidateField) return this.scoreOnFields(p, c, k, rot, dx, dy, probeField, candidateField);
    const cs = Math.cos(rot), sn = Math.sin(rot);
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
  private scoreOnFields(p: Prepared, c: Prepared, k: number, rot: number, dx: number, dy: number, pf: RidgeField, cf: RidgeField): number {
    const cs = Math.cos(rot), sn = Math.sin(rot);
    const paired = this.paired; // filled by score()
    let po = 0, co = 0;
    for (let i = 0; i < p.n; i++) {
      if (paired[i] & 1) { po += 1; continue; }
      if (onForeground(cf, cs * p.x[i] - sn * p.y[i] + dx, sn * p.x[i] + cs * p.y[i] + dy)) po += p.w[i];
    }
    for (let j = 0; j < c.n; j++) {
      if (paired[j] & 2) { co += 1; continue; }
      const X = c.x[j] - dx, Y = c.y[j] - dy;
      if (onForeground(pf, cs * X + sn * Y, -sn * X + cs * Y)) co += c.w[j];
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

/** Least-squares rotation and translation mapping paired probe minutiae onto the candidate's. */
function rigidFit(p: Prepared, c: Prepared, pi: Uint16Array, pj: Uint16Array, k: number) {
  let mx = 0, my = 0, nx = 0, ny = 0;
  for (let q = 0; q < k; q++) { const i = pi[q], j = pj[q]; mx += p.x[i]; my += p.y[i]; nx += c.x[j]; ny += c.y[j]; }
  mx /= k; my /= k; nx /= k; ny /= k;
  let sxx = 0, sxy = 0;
  for (let q = 0; q < k; q++) {
    const i = pi[q], j = pj[q];
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
