// Stage two of the 1:N prefilter, compiled to WebAssembly (AssemblyScript; see revote.ts in src/match
// for the method and docs/finger.md for why and what it measured).
//
// For one candidate of the rotation vote's shortlist: each of its stage-two edges (from its stored
// neighbour lists and direction bins) whose shape code the probe also has votes, once per probe edge of
// that code, for the (rotation, translation) that would carry the probe's minutia centroid onto the
// candidate; the score is the fullest cell of the soft-binned accumulator.
//
// Exactness: this replaced the TypeScript loop of Revoter.score and gives the same votes (so the same
// shortlists): f64 arithmetic on the same values, the same polynomial atan2 as prefilter.ts, the same
// binning. Memory: one fixed layout, no allocation; the host writes the probe's edge chains once per
// search and the candidate's minutiae, lists and direction bins per candidate, at the exported offsets.

const TWO_PI: f64 = 2 * Math.PI;
const HALF_PI: f64 = Math.PI / 2;

/** Capacities: shape codes, probe edges, candidate minutiae, neighbour-list entries, length table. */
export const MAX_CODES: i32 = 16384;
export const MAX_PROBE_EDGES: i32 = 16384;
export const MAX_MINUTIAE: i32 = 256;
export const MAX_LIST: i32 = 256 * 64;
export const MAX_LEN_TABLE: i32 = 65536;
/** Accumulator: rotation bins × T_BINS × T_BINS (the host checks its rotation bins fit). */
export const T_BINS: i32 = 128;
export const MAX_ROTATION_BINS: i32 = 32;
/** Cells touched per candidate that are remembered for clearing; past this the whole accumulator is cleared. */
const MAX_TOUCHED: i32 = 262144;

const C: usize = <usize>MAX_CODES, PE: usize = <usize>MAX_PROBE_EDGES, M: usize = <usize>MAX_MINUTIAE, L: usize = <usize>MAX_LIST;
// Probe: first edge of each code (i32, -1 = none) and the next edge of the same code (i32); per edge its
// position relative to the probe's minutia centroid, direction and unit vector (f64).
export const HEAD: usize = 1024;
export const NEXT: usize = HEAD + C * 4;
export const PX: usize = NEXT + PE * 4;
export const PY: usize = PX + PE * 8;
export const PBETA: usize = PY + PE * 8;
export const PCOS: usize = PBETA + PE * 8;
export const PSIN: usize = PCOS + PE * 8;
// Candidate: minutia positions and directions (f64), neighbour lists and direction bins (u8).
export const XS: usize = PSIN + PE * 8;
export const YS: usize = XS + M * 8;
export const AS: usize = YS + M * 8;
export const LISTS: usize = AS + M * 8;
export const SHAPES: usize = LISTS + L;
/** Squared edge length → length bin, -1 outside the edge lengths (i8; written once by the host). */
export const LEN_BIN: usize = SHAPES + L;
const ACC: usize = LEN_BIN + <usize>MAX_LEN_TABLE;
const TOUCHED: usize = ACC + <usize>MAX_ROTATION_BINS * <usize>T_BINS * <usize>T_BINS * 2;
export const END: usize = TOUCHED + <usize>MAX_TOUCHED * 4;

let lenTable: i32 = 0, angleBins: i32 = 16, rotationBins: i32 = 16, rotationStep: f64 = TWO_PI / 16, translationInv: f64 = 1 / 16.0;
let translationOffset: f64 = 32;

export function configure(lenTableSize: i32, shapeAngleBins: i32, rBins: i32, tBin: f64, tOffset: i32): void {
  lenTable = lenTableSize; angleBins = shapeAngleBins; rotationBins = rBins;
  rotationStep = TWO_PI / <f64>rBins; translationInv = 1 / tBin; translationOffset = <f64>tOffset;
  // A fresh accumulator: every cell at zero (cells are cleared after each candidate from here on).
  memory.fill(ACC, 0, <usize>MAX_ROTATION_BINS * <usize>T_BINS * <usize>T_BINS * 2);
}

@inline function f64At(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
@inline function i32At(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }

/** atan2 as prefilter.ts computes it (Abramowitz & Stegun 4.4.49 with octant folding), to the bit. */
function atan2(y: f64, x: f64): f64 {
  const ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
  const big = ax > ay ? ax : ay;
  if (big == 0) return 0;
  const a = (ax > ay ? ay : ax) / big, s = a * a;
  let r = a * (0.9998660 + s * (-0.3302995 + s * (0.1801410 + s * (-0.0851330 + s * 0.0208351))));
  if (ay > ax) r = HALF_PI - r;
  if (x < 0) r = Math.PI - r;
  return y < 0 ? -r : r;
}

/**
 * Votes of the largest consistent cluster for the candidate in XS/YS/AS, LISTS and SHAPES: `m` listed
 * minutiae, `stride` list entries per minutia, of which the first `take` are used.
 */
export function score(m: i32, stride: i32, take: i32): i32 {
  const bins = angleBins, rBins = rotationBins, rStep = rotationStep, tInv = translationInv, tOff = translationOffset;
  let touched = 0, overflow = false, best = 0;
  for (let i = 0; i < m; i++) {
    const cx = f64At(XS, i), cy = f64At(YS, i);
    for (let q = 0; q < take; q++) {
      const e = i * stride + q, j = <i32>load<u8>(LISTS + <usize>e);
      const dx = f64At(XS, j) - cx, dy = f64At(YS, j) - cy, d2 = dx * dx + dy * dy;
      // Stored positions are whole pixels, so d2 is an integer: its length bin comes from the table.
      if (d2 >= <f64>lenTable) continue;
      const l = <i32>load<i8>(LEN_BIN + <usize><i32>d2);
      if (l < 0) continue;
      const ab = <i32>load<u8>(SHAPES + <usize>e);
      let p = i32At(HEAD, (l * bins + (ab >> 4)) * bins + (ab & 15));
      if (p < 0) continue;
      const d = Math.sqrt(d2);
      let cb = atan2(dy, dx); if (cb < 0) cb += TWO_PI;
      const cc = dx / d, cs = dy / d;
      for (; p >= 0; p = i32At(NEXT, p)) {
        let th = cb - f64At(PBETA, p); if (th < 0) th += TWO_PI;
        // cos and sin of the difference of the two edge directions, from their unit vectors.
        const pc = f64At(PCOS, p), ps = f64At(PSIN, p);
        const co = cc * pc + cs * ps, si = cs * pc - cc * ps;
        // The probe centroid in candidate coordinates, soft-binned: 2 nearest bins per axis.
        const px = f64At(PX, p), py = f64At(PY, p);
        const fr = th / rStep - 0.5;
        const fx = (cx - (co * px - si * py)) * tInv - 0.5 + tOff, fy = (cy - (si * px + co * py)) * tInv - 0.5 + tOff;
        const r0 = Math.floor(fr), x0 = Math.floor(fx), y0 = Math.floor(fy);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= <f64>T_BINS || y0 + 1 >= <f64>T_BINS) continue;
        const xi = <i32>x0, yi = <i32>y0, ri = <i32>r0;
        for (let dr = 0; dr < 2; dr++) {
          // ri + dr + rBins lies in [rBins - 1, 2 · rBins]: two conditional subtractions are the modulo.
          let r = ri + dr + rBins; if (r >= rBins) r -= rBins; if (r >= rBins) r -= rBins;
          const base = (r * T_BINS + xi) * T_BINS + yi;
          for (let c = 0; c < 4; c++) {
            const cell = base + (c & 1) + (c >> 1) * T_BINS;
            // As `++acc[cell]` in TypeScript: the count stored wraps at 16 bits, the value compared does not.
            const at = ACC + (<usize>cell << 1), v = <i32>load<u16>(at) + 1;
            store<u16>(at, <u16>v);
            if (v == 1) {
              if (touched < MAX_TOUCHED) { store<i32>(TOUCHED + (<usize>touched << 2), cell); touched++; } else overflow = true;
            }
            if (v > best) best = v;
          }
        }
      }
    }
  }
  if (overflow) memory.fill(ACC, 0, <usize>rBins * <usize>T_BINS * <usize>T_BINS * 2);
  else for (let k = 0; k < touched; k++) store<u16>(ACC + (<usize>i32At(TOUCHED, k) << 1), 0);
  return best;
}
