// The 1:1 matcher's alignment stage, compiled to WebAssembly (AssemblyScript; see matcher.ts for the
// stage's place in the matcher and docs/finger.md "1:1 speed" for why and what it measured).
//
// For one prepared probe and one prepared candidate: (1) every candidate edge looks up the probe edges
// in its bucket and each pair within tolerance votes for the two minutia pairings it implies; (2) the
// best-voted pairings become anchors; each anchor's transform pairs the minutiae (greedy, nearest first,
// tolerance growing with distance from the anchor), the pairs are re-fitted by least squares and paired
// again; (3) the largest pairing wins (left in BI/BJ, its transform in bestRot/bestDx/bestDy).
//
// Exactness: this replaced a TypeScript implementation of the same steps, and gives bit-identical
// results, so scores, calibration and gate figures did not move. To keep it so: every sum and product
// is done in f64 on the values the arrays hold (f32 → f64 is exact), ties break the same way (anchors
// by votes then pairing index; pairing candidates by a stable insertion sort of f32 costs), and cos,
// sin and atan2 are the host's (imported) rather than AssemblyScript's own, whose last bits differ.
//
// Memory: one fixed layout, no allocation (runtime "stub"). The host writes the probe's and the
// candidate's arrays at the exported offsets and reads BI/BJ back; capacities are exported so the
// host can refuse a template that does not fit instead of writing past a region.

@external("env", "cos") declare function hostCos(x: f64): f64;
@external("env", "sin") declare function hostSin(x: f64): f64;
@external("env", "atan2") declare function hostAtan2(y: f64, x: f64): f64;

const TWO_PI: f64 = 2 * Math.PI;
/** A padding position no probe minutia comes near (its squared distance overflows to infinity). */
const FAR: f32 = 3e38;

/** Capacities: minutiae per template, candidate edges, probe bucket entries, bucket keys, x columns. */
export const MAX_MINUTIAE: i32 = 256;
export const MAX_EDGES: i32 = 4096;
export const MAX_ENTRIES: i32 = 32768;
export const MAX_KEYS: i32 = 16384;
export const MAX_COLUMNS: i32 = 65536;
/** Candidate pairings kept per pairing pass (as the TypeScript version's cost buffer). */
const MAX_PAIRS: i32 = 4096;
const MAX_ROOTS: i32 = 64;

// Layout (bytes). Probe: its edges as prepared (length and the two relative angles as f32, end minutiae
// as u16), the same edges copied into bucket order (Z_*: each edge once per bucket it is filed in), each
// bucket's range in that order (K_START/K_END, an i32 pair per key; 0/0 for keys the probe does not use) and
// the keys in use (cleared when the next probe loads); then its minutiae (f64). Candidate: positions (f32,
// padded), directions (f64), edges (bucket key i32, length f32, length tolerance f64, angles f32, ends u16), column starts (u16).
// Scratch: votes per pairing (u16, np × nc), pairings that became hot (i32), pairing pass buffers.
const M: usize = <usize>MAX_MINUTIAE, E: usize = <usize>MAX_EDGES, Z: usize = <usize>MAX_ENTRIES, K: usize = <usize>MAX_KEYS;
export const P_LEN: usize = 1024;
export const P_A1: usize = P_LEN + E * 4;
export const P_A2: usize = P_A1 + E * 4;
export const P_FROM: usize = P_A2 + E * 4;
export const P_TO: usize = P_FROM + E * 2;
const Z_LEN: usize = P_TO + E * 2;
const Z_A1: usize = Z_LEN + Z * 4;
const Z_A2: usize = Z_A1 + Z * 4;
const Z_FROM: usize = Z_A2 + Z * 4;
const Z_TO: usize = Z_FROM + Z * 2;
const Z_KEY: usize = Z_TO + Z * 2;
// Each key's bucket range as (start, end) i32 pairs side by side: a lookup touches one cache line.
const K_START: usize = Z_KEY + Z * 4;
const K_END: usize = K_START + 4;
const K_USED: usize = K_START + K * 8;
export const P_X: usize = K_USED + Z * 4;
export const P_Y: usize = P_X + M * 8;
export const P_T: usize = P_Y + M * 8;
// The candidate's positions are f32 (as prepared: f32 → f64 is exact, so reading them promoted is the same as
// holding f64), 16-byte aligned and with room for eight far-away padding entries the pairing pass reads in
// blocks of four.
export const C_X: usize = (P_T + M * 8 + 15) & ~<usize>15;
export const C_Y: usize = C_X + (M + 8) * 4;
export const C_T: usize = C_Y + (M + 8) * 4;
export const C_KEY: usize = C_T + M * 8;
export const C_LEN: usize = C_KEY + E * 4;
export const C_TOL: usize = C_LEN + E * 4;
export const C_A1: usize = C_TOL + E * 8;
export const C_A2: usize = C_A1 + E * 4;
export const C_FROM: usize = C_A2 + E * 4;
export const C_TO: usize = C_FROM + E * 2;
export const C_COL: usize = C_TO + E * 2;
const VOTES: usize = C_COL + <usize>MAX_COLUMNS * 2;
const HOT: usize = VOTES + M * M * 2;
const COST: usize = HOT + M * M * 4;
const CI: usize = COST + <usize>MAX_PAIRS * 4;
const CJ: usize = CI + <usize>MAX_PAIRS * 2;
const ORDER: usize = CJ + <usize>MAX_PAIRS * 2;
// Which probe (PAIRED) and candidate (TAKEN) minutiae a pairing pass has paired: all 0 between passes.
const PAIRED: usize = ORDER + <usize>MAX_PAIRS * 2;
const TAKEN: usize = PAIRED + M;
const PI: usize = TAKEN + M;
const PJ: usize = PI + M * 2;
export const BI: usize = PJ + M * 2;
export const BJ: usize = BI + M * 2;
const COVERED: usize = BJ + M * 2;
const ROOTS: usize = COVERED + M * 2;
// A pairing pass's transformed probe minutiae and their tolerances (f64; 16-byte aligned for f64x2).
const TX: usize = (ROOTS + <usize>MAX_ROOTS * 4 + 15) & ~<usize>15;
const TY: usize = TX + M * 8;
const TT: usize = TY + M * 8;
// The probe minutiae in reach in a pairing pass (u16, one spare slot).
const REACH: usize = TT + M * 8;
/** First byte past the layout: the host checks it fits the module's memory. */
export const END: usize = REACH + (M + 2) * 2;

// Parameters (params.ts), set once by the host.
let rootCount: i32 = 30, minAnchorVotes: i32 = 3, fallbackBelow: i32 = 3, fallbackAnchorVotes: i32 = 2, refitMargin: i32 = 2;
let hotVotes: i32 = 2;
let lengthBin: f64 = 8, angleStep: f64 = 2 * Math.PI / 24, angleBins: i32 = 24, lengthBins: i32 = 26;
let edgeAngleTolerance: f64 = 0.3, pairAngle: f64 = 0.35, pairDistance: f64 = 8, pairDistanceGrowth: f64 = 0.035;

export function configure(roots: i32, minAnchor: i32, fallbackBelowCount: i32, fallbackVotes: i32, refit: i32,
  edgeAngle: f64, maxPairAngle: f64, distance: f64, growth: f64, edgeLengthBin: f64, edgeAngleStep: f64, edgeAngleBins: i32, edgeLengthBins: i32): void {
  lengthBin = edgeLengthBin; angleStep = edgeAngleStep; angleBins = edgeAngleBins; lengthBins = edgeLengthBins;
  rootCount = min(roots, MAX_ROOTS); minAnchorVotes = minAnchor; fallbackBelow = fallbackBelowCount;
  fallbackAnchorVotes = fallbackVotes; refitMargin = refit;
  // A pairing is remembered as a possible anchor when its votes reach the lower of the two thresholds.
  hotVotes = min(minAnchor, fallbackVotes);
  edgeAngleTolerance = edgeAngle; pairAngle = maxPairAngle; pairDistance = distance; pairDistanceGrowth = growth;
}

/** How far the least-squares re-fit may scale the probe: within [1 / (1 + limit), 1 + limit]; 0 keeps it rigid. */
let scaleLimit: f64 = 0, scaleMinPairs: i32 = 3;
export function configureScale(limit: f64, minPairs: i32): void { scaleLimit = limit; scaleMinPairs = minPairs; }

/** The winning alignment (candidate = bestScale · rotate(probe) + (dx, dy)). */
export let bestRot: f64 = 0;
export let bestDx: f64 = 0;
export let bestDy: f64 = 0;
/** 1 unless the re-fit may scale (configureScale). */
export let bestScale: f64 = 1;

// The current comparison's sizes and candidate bounding box (read by `pair`).
let np: i32 = 0, nc: i32 = 0, columns: i32 = 0, hotCount: i32 = 0;
let boxX0: f64 = 0, boxX1: f64 = 0, boxY0: f64 = 0, boxY1: f64 = 0;

@inline function f64At(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
@inline function f32At(base: usize, i: i32): f64 { return <f64>load<f32>(base + (<usize>i << 2)); }
@inline function u16At(base: usize, i: i32): i32 { return <i32>load<u16>(base + (<usize>i << 1)); }
@inline function i32At(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }

function wrap(a: f64): f64 {
  a = a % TWO_PI;
  return a < 0 ? a + TWO_PI : a;
}

let usedKeys: i32 = 0;

/** An angle bin in [-1, 2 · angleBins) folded into [0, angleBins) (as (b + angleBins) % angleBins, without the division). */
@inline function binWrap(b: i32): i32 { return b < 0 ? b + angleBins : b >= angleBins ? b - angleBins : b; }

/** Files the probe's edges (P_*, `edges` of them) into the bucket table: each edge under the two nearest
 * bins of its length and of each relative angle (8 keys), so lookups tolerate quantisation edges. Within
 * a bucket, edges keep their order. Returns the number of bucket entries, or -1 if they do not fit. */
export function loadProbe(edges: i32): i32 {
  // Only the keys the previous probe used are non-empty: clear those (not the whole table).
  for (let q = 0; q < usedKeys; q++) { const k = i32At(K_USED, q); store<i32>(K_START + (<usize>k << 3), 0); store<i32>(K_END + (<usize>k << 3), 0); }
  usedKeys = 0;
  if (edges * 8 > MAX_ENTRIES) return -1;
  // Pass 1: each entry's key (or -1 past the longest length bin) and the bucket sizes (in K_END).
  let q = 0;
  for (let e = 0; e < edges; e++) {
    const fd = f32At(P_LEN, e) / lengthBin, f1 = f32At(P_A1, e) / angleStep, f2 = f32At(P_A2, e) / angleStep;
    const d0 = <i32>Math.floor(fd), u0 = <i32>Math.floor(f1), v0 = <i32>Math.floor(f2);
    const d1 = fd - <f64>d0 < 0.5 ? d0 - 1 : d0 + 1;
    // Angle bins wrap around; u0, v0 lie in [0, angleBins], so one add or subtract wraps them.
    const u0w = binWrap(u0), u1w = binWrap(f1 - <f64>u0 < 0.5 ? u0 - 1 : u0 + 1);
    const v0w = binWrap(v0), v1w = binWrap(f2 - <f64>v0 < 0.5 ? v0 - 1 : v0 + 1);
    for (let a = 0; a < 2; a++) {
      const d = a == 0 ? d0 : d1;
      const inRange = d >= 0 && d < lengthBins;
      for (let b = 0; b < 2; b++) {
        const du = (d * angleBins + (b == 0 ? u0w : u1w)) * angleBins;
        for (let c = 0; c < 2; c++) {
          let k = -1;
          if (inRange) {
            k = du + (c == 0 ? v0w : v1w);
            const at = K_END + (<usize>k << 3), size = load<i32>(at);
            if (size == 0) { store<i32>(K_USED + (<usize>usedKeys << 2), k); usedKeys++; }
            store<i32>(at, size + 1);
          }
          store<i32>(Z_KEY + (<usize>q << 2), k); q++;
        }
      }
    }
  }
  // Bucket ranges, in order of first use (any order works: a lookup reads one bucket's range).
  let offset = 0;
  for (let r = 0; r < usedKeys; r++) {
    const k = i32At(K_USED, r), size = load<i32>(K_END + (<usize>k << 3));
    store<i32>(K_START + (<usize>k << 3), offset); store<i32>(K_END + (<usize>k << 3), offset);
    offset += size;
  }
  // Pass 2: place the entries (K_END grows back to each bucket's end).
  for (let z = 0; z < q; z++) {
    const k = i32At(Z_KEY, z);
    if (k < 0) continue;
    const e = z >> 3, at = K_END + (<usize>k << 3), slot = load<i32>(at);
    store<i32>(at, slot + 1);
    store<f32>(Z_LEN + (<usize>slot << 2), load<f32>(P_LEN + (<usize>e << 2)));
    store<f32>(Z_A1 + (<usize>slot << 2), load<f32>(P_A1 + (<usize>e << 2)));
    store<f32>(Z_A2 + (<usize>slot << 2), load<f32>(P_A2 + (<usize>e << 2)));
    store<u16>(Z_FROM + (<usize>slot << 1), load<u16>(P_FROM + (<usize>e << 1)));
    store<u16>(Z_TO + (<usize>slot << 1), load<u16>(P_TO + (<usize>e << 1)));
  }
  return offset;
}

/** Finds the best alignment; returns its pair count (0 when either side has under 2 minutiae). */
export function align(probeMinutiae: i32, candidateMinutiae: i32, candidateEdges: i32, candidateColumns: i32,
  x0: f64, x1: f64, y0: f64, y1: f64): i32 {
  if (probeMinutiae < 2 || candidateMinutiae < 2) return 0;
  np = probeMinutiae; nc = candidateMinutiae; columns = candidateColumns;
  boxX0 = x0; boxX1 = x1; boxY0 = y0; boxY1 = y1;
  // Eight past the last candidate: a strip starts at block nc >> 2 at most, and its second block, read
  // unconditionally, ends at candidate 4 (nc >> 2) + 7 < nc + 8.
  for (let j = nc; j < nc + 8; j++) { store<f32>(C_X + (<usize>j << 2), FAR); store<f32>(C_Y + (<usize>j << 2), FAR); }
  vote(candidateEdges);
  let roots = topRoots(rootCount, minAnchorVotes);
  // Small or barely overlapping impressions may share too few edges for 3 votes: fall back to 2.
  if (roots < fallbackBelow) roots = topRoots(rootCount, fallbackAnchorVotes);
  let bestN = 0;
  memory.fill(COVERED, 0, <usize>np << 1);
  for (let q = 0; q < roots; q++) {
    const r = i32At(ROOTS, q);
    const i = r / nc, j = r % nc;
    // A root already paired under an earlier alignment would only reproduce that alignment.
    if (<i32>load<i16>(COVERED + (<usize>i << 1)) == j + 1) continue;
    const rot = wrap(f64At(C_T, j) - f64At(P_T, i));
    const cs = hostCos(rot), sn = hostSin(rot);
    const px = f64At(P_X, i), py = f64At(P_Y, i), cx = f32At(C_X, j), cy = f32At(C_Y, j);
    let n = pair(rot, 1, cx - (cs * px - sn * py), cy - (sn * px + cs * py), cx, cy);
    if (n < 3) continue;
    // This anchor's first pairing already names the alignment its pairs would give as anchors.
    cover(n);
    // A first pairing well below the best so far rarely overtakes it after the re-fit (docs/finger.md).
    if (n + refitMargin <= bestN) continue;
    similarityFit(n);
    const fr = fitRot, fs = fitScale, fdx = fitDx, fdy = fitDy;
    n = pair(fr, fs, fdx, fdy, fitCx, fitCy);
    cover(n);
    if (n > bestN) {
      bestN = n;
      memory.copy(BI, PI, <usize>n << 1); memory.copy(BJ, PJ, <usize>n << 1);
      bestRot = fr; bestScale = fs; bestDx = fdx; bestDy = fdy;
    }
  }
  return bestN;
}

/** One bucket entry's vote (`valid` 0 makes it a no-op); returns the hot list's new length. */
@inline function voteEntry(z: i32, valid: i32, l: f64, tl: f64, u: f64, v: f64, from: i32, to: i32, hot: i32, maxA: f64, threshold: i32, cols: i32): i32 {
  let da = Math.abs(f32At(Z_A1, z) - u); da = Math.min(da, TWO_PI - da);
  let db = Math.abs(f32At(Z_A2, z) - v); db = Math.min(db, TWO_PI - db);
  const ok = valid & <i32>(Math.abs(f32At(Z_LEN, z) - l) <= tl) & <i32>(da <= maxA) & <i32>(db <= maxA);
  const r1 = u16At(Z_FROM, z) * cols + from, r2 = u16At(Z_TO, z) * cols + to;
  const a1 = VOTES + (<usize>r1 << 1), v1 = <i32>load<u16>(a1) + ok;
  store<u16>(a1, <u16>v1);
  store<i32>(HOT + (<usize>hot << 2), r1); hot += ok & <i32>(v1 == threshold);
  const a2 = VOTES + (<usize>r2 << 1), v2 = <i32>load<u16>(a2) + ok;
  store<u16>(a2, <u16>v2);
  store<i32>(HOT + (<usize>hot << 2), r2); hot += ok & <i32>(v2 == threshold);
  return hot;
}

/** Edge vote: each pair of edges alike in length and both relative angles votes for its two minutia pairings. */
function vote(candidateEdges: i32): void {
  memory.fill(VOTES, 0, <usize>(np * nc) << 1);
  let hot = 0;
  const maxA = edgeAngleTolerance, threshold = hotVotes, cols = nc;
  for (let e = 0; e < candidateEdges; e++) {
    const k = i32At(C_KEY, e);
    if (k < 0) continue;
    const l = f32At(C_LEN, e), tl = f64At(C_TOL, e), u = f32At(C_A1, e), v = f32At(C_A2, e);
    const from = u16At(C_FROM, e), to = u16At(C_TO, e);
    const range = K_START + (<usize>k << 3), end = load<i32>(range + 4);
    // Branch-free: whether a probe edge matches is close to a coin toss, so the tests are combined into one
    // 0/1 that is added to both pairings' votes (a mismatch adds 0), and a pairing that just reached the hot
    // threshold is written past the hot list's end and kept only when it counts (same results as branching).
    // Two entries per step (most buckets hold one or two): an odd bucket's last step repeats its last entry
    // with a vote of 0, so the loop's exit is mispredicted half as often.
    const last = end - 1;
    for (let z = load<i32>(range); z < end; z += 2) {
      hot = voteEntry(z, 1, l, tl, u, v, from, to, hot, maxA, threshold, cols);
      const z2 = min(z + 1, last);
      hot = voteEntry(z2, <i32>(z2 != z), l, tl, u, v, from, to, hot, maxA, threshold, cols);
    }
  }
  hotCount = hot;
}

/** Into ROOTS: the `count` hot pairings with the most votes (at least `minVotes`), most first, ties by
 * pairing index; returns how many. Kept sorted by insertion: a few dozen pairings are hot. */
function topRoots(count: i32, minVotes: i32): i32 {
  let size = 0;
  for (let q = 0; q < hotCount; q++) {
    const r = i32At(HOT, q), v = u16At(VOTES, r);
    if (v < minVotes) continue;
    let pos = size;
    while (pos > 0) {
      const o = i32At(ROOTS, pos - 1), ov = u16At(VOTES, o);
      if (ov > v || (ov == v && o < r)) break;
      pos--;
    }
    if (pos >= count) continue;
    for (let s = size < count ? size : count - 1; s > pos; s--) store<i32>(ROOTS + (<usize>s << 2), i32At(ROOTS, s - 1));
    store<i32>(ROOTS + (<usize>pos << 2), r);
    if (size < count) size++;
  }
  return size;
}

/** Marks the probe minutiae of the current pairing (PI/PJ) as covered by their partners. */
function cover(n: i32): void {
  for (let k = 0; k < n; k++) store<i16>(COVERED + (<usize>u16At(PI, k) << 1), <i16>(u16At(PJ, k) + 1));
}

/** Which of candidates 4q .. 4q + 3 lie within the f32 reach of (x, y): a 4-bit mask. */
@inline function nearBits(q: i32, vx: v128, vy: v128, vr: v128): i32 {
  const o = <usize>q << 4;
  const fx = f32x4.sub(v128.load(C_X + o), vx), fy = f32x4.sub(v128.load(C_Y + o), vy);
  return i32x4.bitmask(f32x4.le(f32x4.add(f32x4.mul(fx, fx), f32x4.mul(fy, fy)), vr));
}

/** The exact tests (x strip, squared distance, direction) for the candidates in `bits` (from candidate 4q on),
 * appending those that pass to the pass's list; returns the list's length. */
@inline function keepPairs(bits: i32, q: i32, i: i32, x: f64, y: f64, tol: f64, tol2: f64, left: f64, t: f64, maxA: f64, m: i32): i32 {
  while (bits != 0) {
    const j = (q << 2) + ctz<i32>(bits); bits &= bits - 1;
    const cx = f32At(C_X, j);
    if (cx < left) continue;
    const ex = cx - x;
    if (ex > tol) continue;
    const ey = f32At(C_Y, j) - y, d2 = ex * ex + ey * ey;
    if (d2 > tol2) continue;
    let da = Math.abs(f64At(C_T, j) - t); da = Math.min(da, TWO_PI - da);
    if (da > maxA) continue;
    if (m == MAX_PAIRS) continue;
    store<f32>(COST + (<usize>m << 2), <f32>(d2 / tol2));
    store<u16>(CI + (<usize>m << 1), <u16>i); store<u16>(CJ + (<usize>m << 1), <u16>j);
    m++;
  }
  return m;
}

/** Greedy one-to-one pairing, nearest first, of the transformed probe with the candidate, into PI/PJ;
 * returns the count. The tolerance grows with distance from the anchor (ax, ay) (skin distortion). */
function pair(rot: f64, scale: f64, dx: f64, dy: f64, ax: f64, ay: f64): i32 {
  // A scale of exactly 1 leaves cos and sin (and so every result) as a rigid transform's.
  const cs = hostCos(rot) * scale, sn = hostSin(rot) * scale;
  const maxA = pairAngle, base = pairDistance, growth = pairDistanceGrowth;
  const pn = np, lastColumn = columns - 1;
  const x0 = boxX0, x1 = boxX1, y0 = boxY0, y1 = boxY1;
  // Phase 1, two probe minutiae per step (f64x2: lane by lane the same IEEE operations as scalar code):
  // the transformed position and the pairing tolerance, or a tolerance of -1 when the minutia lies
  // beyond the candidate's bounding box plus an upper bound of its tolerance (|ox| + |oy| >= the
  // distance). Reading one minutia past the end is harmless: the region holds MAX_MINUTIAE entries.
  const vcs = f64x2.splat(cs), vsn = f64x2.splat(sn), vdx = f64x2.splat(dx), vdy = f64x2.splat(dy);
  const vax = f64x2.splat(ax), vay = f64x2.splat(ay), vbase = f64x2.splat(base), vgrowth = f64x2.splat(growth);
  const vx0 = f64x2.splat(x0), vx1 = f64x2.splat(x1), vy0 = f64x2.splat(y0), vy1 = f64x2.splat(y1), vnone = f64x2.splat(-1);
  let inReach = 0;
  for (let i = 0; i < pn; i += 2) {
    const o = <usize>i << 3;
    const px = v128.load(P_X + o), py = v128.load(P_Y + o);
    const x = f64x2.add(f64x2.sub(f64x2.mul(vcs, px), f64x2.mul(vsn, py)), vdx);
    const y = f64x2.add(f64x2.add(f64x2.mul(vsn, px), f64x2.mul(vcs, py)), vdy);
    const ox = f64x2.sub(x, vax), oy = f64x2.sub(y, vay);
    const loose = f64x2.add(vbase, f64x2.mul(vgrowth, f64x2.add(f64x2.abs(ox), f64x2.abs(oy))));
    const out = v128.or(v128.or(f64x2.lt(x, f64x2.sub(vx0, loose)), f64x2.gt(x, f64x2.add(vx1, loose))),
      v128.or(f64x2.lt(y, f64x2.sub(vy0, loose)), f64x2.gt(y, f64x2.add(vy1, loose))));
    const tol = f64x2.add(vbase, f64x2.mul(vgrowth, f64x2.sqrt(f64x2.add(f64x2.mul(ox, ox), f64x2.mul(oy, oy)))));
    v128.store(TX + o, x); v128.store(TY + o, y); v128.store(TT + o, v128.bitselect(vnone, tol, out));
    // The minutiae in reach, listed without a branch (phase 2 walks the list: whether a minutia is in reach
    // is a coin toss the branch predictor loses).
    store<u16>(REACH + (<usize>inReach << 1), <u16>i);
    inReach += <i32>(i64x2.extract_lane(out, 0) == 0);
    store<u16>(REACH + (<usize>inReach << 1), <u16>(i + 1));
    inReach += <i32>(i64x2.extract_lane(out, 1) == 0) & <i32>(i + 1 < pn);
  }
  // Phase 2: each minutia in reach against the candidates of its x strip, four at a time in f32 with one
  // pixel² of slack, so that no pair the exact test accepts is lost (the transformed position's f32
  // rounding errs by far less); the few lanes that pass are tested exactly, in f64: x within
  // [x - tol, x + tol], squared distance, direction. Why blocks instead of scanning the strip one
  // candidate at a time: a strip's length and each test's outcome are unpredictable, and the mispredicted
  // branches cost more than the extra lanes. Pairs are appended in the same order (probe minutia, then
  // candidate index), so results are the same as the scan's.
  let m = 0;
  for (let r = 0; r < inReach; r++) {
    const i = u16At(REACH, r);
    const tol = f64At(TT, i);
    const x = f64At(TX, i), y = f64At(TY, i);
    const tol2 = tol * tol, left = x - tol;
    const vx = f32x4.splat(<f32>x), vy = f32x4.splat(<f32>y), vr = f32x4.splat(<f32>(tol2 + 1));
    // Only the blocks of four that overlap the x strip: its first candidate from the 1-px column of x - tol, its
    // end from the column two past x + tol (a candidate there is over a pixel beyond reach whatever the rounding).
    let c0 = <i32>Math.floor(left), c1 = <i32>Math.floor(x + tol) + 2;
    c0 = c0 < 0 ? 0 : c0 > lastColumn ? lastColumn : c0;
    c1 = c1 < 1 ? 1 : c1 > lastColumn ? lastColumn : c1;
    const qEnd = (u16At(C_COL, c1) + 3) >> 2;
    let t = f64At(P_T, i) + rot; if (t >= TWO_PI) t -= TWO_PI;
    // The strip's first two blocks unconditionally (most strips span one or two), then any further ones.
    const q0 = u16At(C_COL, c0) >> 2;
    const bits = nearBits(q0, vx, vy, vr) | (nearBits(q0 + 1, vx, vy, vr) << 4);
    if (bits != 0) m = keepPairs(bits, q0, i, x, y, tol, tol2, left, t, maxA, m);
    for (let q = q0 + 2; q < qEnd; q++) {
      const more = nearBits(q, vx, vy, vr);
      if (more != 0) m = keepPairs(more, q, i, x, y, tol, tol2, left, t, maxA, m);
    }
  }
  // Insertion sort by cost (stable): candidate lists are short.
  for (let k = 0; k < m; k++) {
    const cost = load<f32>(COST + (<usize>k << 2));
    let q = k;
    while (q > 0) {
      const prev = u16At(ORDER, q - 1);
      if (!(load<f32>(COST + (<usize>prev << 2)) > cost)) break;
      store<u16>(ORDER + (<usize>q << 1), <u16>prev); q--;
    }
    store<u16>(ORDER + (<usize>q << 1), <u16>k);
  }
  let n = 0;
  for (let q = 0; q < m; q++) {
    const k = u16At(ORDER, q), i = u16At(CI, k), j = u16At(CJ, k);
    if ((<i32>load<u8>(PAIRED + <usize>i) | <i32>load<u8>(TAKEN + <usize>j)) != 0) continue;
    store<u8>(PAIRED + <usize>i, 1); store<u8>(TAKEN + <usize>j, 1);
    store<u16>(PI + (<usize>n << 1), <u16>i); store<u16>(PJ + (<usize>n << 1), <u16>j);
    n++;
  }
  // Clear only the flags this pass set (cheaper than clearing both arrays before every pass).
  for (let q = 0; q < n; q++) { store<u8>(PAIRED + <usize>u16At(PI, q), 0); store<u8>(TAKEN + <usize>u16At(PJ, q), 0); }
  return n;
}

// Result of similarityFit: the least-squares rotation, scale and translation, and the candidate-side
// centroid (the new anchor point of the tolerance).
let fitRot: f64 = 0, fitScale: f64 = 1, fitDx: f64 = 0, fitDy: f64 = 0, fitCx: f64 = 0, fitCy: f64 = 0;

/** Least-squares rotation, scale (1 unless configureScale allows it) and translation mapping the paired probe
 * minutiae (PI) onto the candidate's (PJ). */
function similarityFit(k: i32): void {
  let mx: f64 = 0, my: f64 = 0, nx: f64 = 0, ny: f64 = 0;
  for (let q = 0; q < k; q++) {
    const i = u16At(PI, q), j = u16At(PJ, q);
    mx += f64At(P_X, i); my += f64At(P_Y, i); nx += f32At(C_X, j); ny += f32At(C_Y, j);
  }
  mx /= k; my /= k; nx /= k; ny /= k;
  let sxx: f64 = 0, sxy: f64 = 0, saa: f64 = 0;
  for (let q = 0; q < k; q++) {
    const i = u16At(PI, q), j = u16At(PJ, q);
    const ax = f64At(P_X, i) - mx, ay = f64At(P_Y, i) - my, bx = f32At(C_X, j) - nx, by = f32At(C_Y, j) - ny;
    sxx += ax * bx + ay * by; sxy += ax * by - ay * bx; saa += ax * ax + ay * ay;
  }
  const rot = wrap(hostAtan2(sxy, sxx));
  // The least-squares similarity's scale (|Σ b·conj(a)| / Σ |a|²), kept within the limit: a print read at a
  // slightly wrong resolution, or pressed flatter, is a scaled copy.
  let s: f64 = 1;
  if (scaleLimit > 0 && saa > 0 && k >= scaleMinPairs) s = min(max(Math.sqrt(sxx * sxx + sxy * sxy) / saa, 1 / (1 + scaleLimit)), 1 + scaleLimit);
  const cs = hostCos(rot) * s, sn = hostSin(rot) * s;
  fitRot = rot; fitScale = s; fitDx = nx - (cs * mx - sn * my); fitDy = ny - (sn * mx + cs * my); fitCx = nx; fitCy = ny;
}
