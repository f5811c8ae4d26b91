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

/** Returns a binary ridge image (1 = ridge) restricted to the foreground mask. */
export function enhanceAndBinarize(img: GrayImage, field: OrientationField, period: Float32Array, mask: Uint8Array): Uint8Array {
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
