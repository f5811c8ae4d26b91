// Contextual enhancement (Hong, Wan & Jain 1998): every foreground pixel is filtered with an
// even-symmetric Gabor kernel tuned to its block's ridge orientation and period, then binarised by
// sign. Kernels are quantised (orientation, period) and built once per process.
import { params } from '../params.ts';
import type { GrayImage } from '../types.ts';
import type { OrientationField } from './orientation.ts';

const kernels = new Map<number, Float32Array>();

function kernel(oBin: number, pBin: number): Float32Array {
  const key = oBin * 1000 + pBin;
  let k = kernels.get(key);
  if (k) return k;
  const r = params.gaborRadius; const size = 2 * r + 1;
  const theta = (oBin * Math.PI) / params.gaborOrientations;
  const period = params.minPeriod + pBin * params.gaborPeriodStep;
  const sx = params.gaborSigmaX * period, sy = params.gaborSigmaY * period;
  const c = Math.cos(theta), s = Math.sin(theta);
  k = new Float32Array(size * size);
  let sum = 0, wsum = 0;
  const env = new Float32Array(size * size);
  for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) {
    const across = -x * s + y * c; const along = x * c + y * s;
    const e = Math.exp(-0.5 * ((across * across) / (sx * sx) + (along * along) / (sy * sy)));
    const i = (y + r) * size + x + r;
    env[i] = e; k[i] = e * Math.cos((2 * Math.PI * across) / period);
    sum += k[i]; wsum += e;
  }
  // Remove the DC response so the output sign does not depend on local brightness.
  for (let i = 0; i < k.length; i++) k[i] -= (sum / wsum) * env[i];
  kernels.set(key, k);
  return k;
}

export interface Enhanced {
  /** Binary ridge image (1 = ridge) restricted to the foreground mask. */
  ridges: Uint8Array;
  /**
   * Ridge clarity per block, about 0..1: the filter's mean response over what a clean ridge pattern
   * with the block's gray variance would give. Noise, pores and scars raise the variance but not
   * the response at the ridge frequency; 0 outside the mask and on the full-kernel path.
   */
  clarity: Float32Array;
}

export function enhanceAndBinarize(img: GrayImage, field: OrientationField, period: Float32Array, mask: Uint8Array, variance: Float32Array): Enhanced {
  if (!params.gaborSeparable) return { ridges: enhanceFull(img, field, period, mask), clarity: new Float32Array(mask.length) };
  return enhanceSeparable(img, field, period, mask, variance);
}

/**
 * The Gabor kernel is separable in the ridge-aligned frame: a Gaussian along the ridge times a
 * cosine-modulated Gaussian across it. Filtering along rotated lines (nearest-pixel taps, offsets
 * precomputed per orientation bin) costs 2·(2r+1) taps per pixel instead of (2r+1)².
 */
function enhanceSeparable(img: GrayImage, field: OrientationField, period: Float32Array, mask: Uint8Array, variance: Float32Array): Enhanced {
  const { width: w, height: h, data } = img; const r = params.gaborRadius; const taps = 2 * r + 1;
  const pw = w + 2 * r; const ph = h + 2 * r;
  // Inverted gray (ridges positive), edge pixels replicated r pixels out.
  const pad = new Float32Array(pw * ph);
  for (let y = -r; y < h + r; y++) {
    const src = Math.min(h - 1, Math.max(0, y)) * w; const dst = (y + r) * pw + r;
    const first = 255 - data[src], last = 255 - data[src + w - 1];
    for (let x = -r; x < 0; x++) pad[dst + x] = first;
    for (let x = 0; x < w; x++) pad[dst + x] = 255 - data[src + x];
    for (let x = w; x < w + r; x++) pad[dst + x] = last;
  }
  const { grid } = field; const B = grid.size; const cols = grid.cols, rows = grid.rows; const nO = params.gaborOrientations;
  const maxP = Math.round((params.maxPeriod - params.minPeriod) / params.gaborPeriodStep);
  const along: Int32Array[] = []; const across: Int32Array[] = [];
  for (let o = 0; o < nO; o++) {
    const t = (o * Math.PI) / nO; const c = Math.cos(t), s = Math.sin(t);
    along.push(Int32Array.from({ length: taps }, (_, k) => Math.round((k - r) * s) * pw + Math.round((k - r) * c)));
    across.push(Int32Array.from({ length: taps }, (_, k) => Math.round((k - r) * c) * pw - Math.round((k - r) * s)));
  }
  // Per-pixel Map lookups cost as much as the filtering itself: weights are fetched once per period bin.
  const alongW: Float32Array[] = []; const acrossW: Float32Array[] = [];
  for (let p = 0; p <= maxP; p++) { alongW.push(weights(p, false, r)); acrossW.push(weights(p, true, r)); }
  const oBin = new Uint8Array(cols * rows); const pBin = new Uint8Array(cols * rows);
  for (let i = 0; i < oBin.length; i++) {
    oBin[i] = Math.round((field.angle[i] / Math.PI) * nO) % nO;
    pBin[i] = Math.min(maxP, Math.max(0, Math.round((period[i] - params.minPeriod) / params.gaborPeriodStep)));
  }
  // Pass 2 reads pass 1 up to r < B pixels away from a foreground pixel: the mask dilated by one block.
  const near1 = new Uint8Array(mask.length);
  for (let by = 0; by < rows; by++) for (let bx = 0; bx < cols; bx++) {
    if (!mask[by * cols + bx]) continue;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const yy = by + dy, xx = bx + dx;
      if (yy >= 0 && xx >= 0 && yy < rows && xx < cols) near1[yy * cols + xx] = 1;
    }
  }
  // Pass 1: smooth along the ridge (into a padded buffer so pass 2 can read across freely). Loops run
  // block by block, so the block's taps and weights are fixed inside; the padding belongs to the
  // nearest edge block and filters around the nearest image pixel.
  const smooth = new Float32Array(pw * ph);
  for (let by = 0; by < rows; by++) {
    const y0 = by === 0 ? -r : by * B, y1 = by === rows - 1 ? h + r : (by + 1) * B;
    for (let bx = 0; bx < cols; bx++) {
      const bi = by * cols + bx;
      if (!near1[bi]) continue;
      const x0 = bx === 0 ? -r : bx * B, x1 = bx === cols - 1 ? w + r : (bx + 1) * B;
      const off = along[oBin[bi]]; const wt = alongW[pBin[bi]];
      for (let y = y0; y < y1; y++) {
        const row = (Math.min(h - 1, Math.max(0, y)) + r) * pw + r; const dst = (y + r) * pw + r;
        for (let x = x0; x < x1; x++) smooth[dst + x] = dot(pad, row + Math.min(w - 1, Math.max(0, x)), off, wt, taps);
      }
    }
  }
  // Pass 2: across the ridge, on foreground pixels only. Block by block, each block's pixels in raster
  // order, so the float32 response sums add in the same order as a raster scan of the image.
  const out = new Uint8Array(w * h);
  const response = new Float32Array(oBin.length); const count = new Uint16Array(oBin.length);
  for (let by = 0; by < rows; by++) {
    const y0 = by * B, y1 = Math.min(h, y0 + B);
    for (let bx = 0; bx < cols; bx++) {
      const bi = by * cols + bx;
      if (!mask[bi]) continue;
      const x0 = bx * B, x1 = Math.min(w, x0 + B);
      const off = across[oBin[bi]]; const wt = acrossW[pBin[bi]];
      for (let y = y0; y < y1; y++) {
        const row = (y + r) * pw + r;
        for (let x = x0; x < x1; x++) {
          const acc = dot(smooth, row + x, off, wt, taps);
          out[y * w + x] = acc > 0 ? 1 : 0;
          response[bi] += acc < 0 ? -acc : acc;
        }
      }
      count[bi] = (y1 - y0) * (x1 - x0);
    }
  }
  // A clean cosine of amplitude A has gray std A/√2 and mean |response| A·gain·2/π.
  const gains = new Float64Array(maxP + 1);
  for (let p = 0; p <= maxP; p++) {
    const T = params.minPeriod + p * params.gaborPeriodStep; const wt = acrossW[p];
    for (let k = 0; k < taps; k++) gains[p] += wt[k] * Math.cos((2 * Math.PI * (k - r)) / T);
  }
  const clarity = new Float32Array(oBin.length);
  for (let i = 0; i < clarity.length; i++) {
    if (!count[i]) continue;
    clarity[i] = response[i] / count[i] / (gains[pBin[i]] * Math.sqrt(2 * Math.max(1, variance[i])) * (2 / Math.PI));
  }
  return { ridges: out, clarity };
}

/**
 * Σ src[c + off[k]]·wt[k] in double precision, k ascending. The default 15 taps are written out:
 * the loop's per-tap bounds checks and counter cost as much as the multiply-adds. Same additions in
 * the same order either way, so the same result to the bit.
 */
function dot(src: Float32Array, c: number, off: Int32Array, wt: Float32Array, taps: number): number {
  if (taps !== 15 || off.length !== 15 || wt.length !== 15) {
    let acc = 0;
    for (let k = 0; k < taps; k++) acc += src[c + off[k]] * wt[k];
    return acc;
  }
  return 0 + src[c + off[0]] * wt[0] + src[c + off[1]] * wt[1] + src[c + off[2]] * wt[2] + src[c + off[3]] * wt[3] +
    src[c + off[4]] * wt[4] + src[c + off[5]] * wt[5] + src[c + off[6]] * wt[6] + src[c + off[7]] * wt[7] +
    src[c + off[8]] * wt[8] + src[c + off[9]] * wt[9] + src[c + off[10]] * wt[10] + src[c + off[11]] * wt[11] +
    src[c + off[12]] * wt[12] + src[c + off[13]] * wt[13] + src[c + off[14]] * wt[14];
}

/** 1-D taps of the separable kernel: a normalised Gaussian along the ridge, or the DC-free
 * cosine-modulated Gaussian across it. Built once per process and period bin. */
function weights(pBin: number, isAcross: boolean, r: number): Float32Array {
  const key = (isAcross ? 100000 : 200000) + pBin;
  let k = kernels.get(key);
  if (k) return k;
  const taps = 2 * r + 1;
  const T = params.minPeriod + pBin * params.gaborPeriodStep;
  const sigma = (isAcross ? params.gaborSigmaX : params.gaborSigmaY) * T;
  k = new Float32Array(taps); let sum = 0, env = 0;
  for (let i = 0; i < taps; i++) {
    const u = i - r; const e = Math.exp((-0.5 * u * u) / (sigma * sigma));
    k[i] = isAcross ? e * Math.cos((2 * Math.PI * u) / T) : e; sum += k[i]; env += e;
  }
  if (isAcross) for (let i = 0; i < taps; i++) k[i] -= (sum / env) * Math.exp((-0.5 * (i - r) ** 2) / (sigma * sigma));
  else for (let i = 0; i < taps; i++) k[i] /= sum;
  kernels.set(key, k);
  return k;
}

function enhanceFull(img: GrayImage, field: OrientationField, period: Float32Array, mask: Uint8Array): Uint8Array {
  const { width: w, height: h } = img; const r = params.gaborRadius; const size = 2 * r + 1;
  const pw = w + 2 * r;
  const pad = new Float32Array(pw * (h + 2 * r));
  for (let y = -r; y < h + r; y++) {
    const sy = Math.min(h - 1, Math.max(0, y));
    for (let x = -r; x < w + r; x++) {
      const sx = Math.min(w - 1, Math.max(0, x));
      pad[(y + r) * pw + x + r] = 255 - img.data[sy * w + sx]; // ridges positive
    }
  }
  const out = new Uint8Array(w * h);
  const { grid } = field; const B = grid.size;
  const nO = params.gaborOrientations; const maxP = Math.round((params.maxPeriod - params.minPeriod) / params.gaborPeriodStep);
  for (let y = 0; y < h; y++) {
    const by = (y / B) | 0;
    for (let x = 0; x < w; x++) {
      const bi = by * grid.cols + ((x / B) | 0);
      if (!mask[bi]) continue;
      const oBin = Math.round((field.angle[bi] / Math.PI) * nO) % nO;
      const pBin = Math.min(maxP, Math.max(0, Math.round((period[bi] - params.minPeriod) / params.gaborPeriodStep)));
      const k = kernel(oBin, pBin);
      let acc = 0;
      for (let ky = 0; ky < size; ky++) {
        const row = (y + ky) * pw + x; const kr = ky * size;
        for (let kx = 0; kx < size; kx++) acc += pad[row + kx] * k[kr + kx];
      }
      out[y * w + x] = acc > 0 ? 1 : 0;
    }
  }
  return out;
}
