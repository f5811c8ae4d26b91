// Ridge period per block (Hong, Wan & Jain 1998): gray levels are projected onto the line across
// the ridges; the distance between peaks of that signature is the local ridge period.
import { params } from '../params.ts';
import type { GrayImage } from '../types.ts';
import type { OrientationField } from './orientation.ts';

export function ridgePeriod(img: GrayImage, field: OrientationField, mask: Uint8Array): Float32Array {
  const { grid } = field; const n = grid.cols * grid.rows;
  const period = new Float32Array(n);
  const L = params.periodWindow; const A = params.periodAlong;
  const sig = new Float32Array(2 * L + 1);
  const { width: w, height: h, data } = img;
  // Products k·n and a·u per block, so each sample adds the same doubles as cx + k·nx + a·ux.
  const kx = new Float64Array(2 * L + 1), ky = new Float64Array(2 * L + 1);
  const ax = new Float64Array(2 * A + 1), ay = new Float64Array(2 * A + 1);
  const reach = L + A + 1; // |k·n + a·u| ≤ L + A, plus rounding
  const valid: number[] = [];
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      const i = by * grid.cols + bx;
      if (!mask[i]) continue;
      const cx = bx * grid.size + grid.size / 2; const cy = by * grid.size + grid.size / 2;
      const t = field.angle[i]; const ux = Math.cos(t), uy = Math.sin(t); // along the ridge
      const nx = -uy, ny = ux; // across
      for (let k = -L; k <= L; k++) { kx[k + L] = k * nx; ky[k + L] = k * ny; }
      for (let a = -A; a <= A; a++) { ax[a + A] = a * ux; ay[a + A] = a * uy; }
      if (cx - reach >= 0 && cy - reach >= 0 && cx + reach < w && cy + reach < h) {
        // Whole footprint inside the image: no bounds tests, every average over 2A + 1 samples.
        // Coordinates are ≥ 1 here, where Math.round(v) = floor(v + 0.5) exactly (v + 0.5 is exact
        // below 2^52, or rounds up to the power of two that Math.round also gives) = (v + 0.5) | 0.
        for (let k = 0; k <= 2 * L; k++) {
          const bxk = cx + kx[k], byk = cy + ky[k];
          let s = 0;
          for (let a = 0; a <= 2 * A; a++) s += data[((byk + ay[a] + 0.5) | 0) * w + ((bxk + ax[a] + 0.5) | 0)];
          sig[k] = s / (2 * A + 1);
        }
      } else {
        for (let k = 0; k <= 2 * L; k++) {
          const bxk = cx + kx[k], byk = cy + ky[k];
          let s = 0, c = 0;
          for (let a = 0; a <= 2 * A; a++) {
            const x = Math.round(bxk + ax[a]), y = Math.round(byk + ay[a]);
            if (x >= 0 && y >= 0 && x < w && y < h) { s += data[y * w + x]; c++; }
          }
          sig[k] = c ? s / c : 0;
        }
      }
      // Peaks of the lightly smoothed signature (valleys are light, so peaks sit between ridges).
      let first = -1, last = -1, peaks = 0;
      for (let k = 2; k < sig.length - 2; k++) {
        const v = sig[k - 1] + 2 * sig[k] + sig[k + 1];
        if (v > sig[k - 2] + 2 * sig[k - 1] + sig[k] && v >= sig[k] + 2 * sig[k + 1] + sig[k + 2]) {
          if (first < 0) first = k; last = k; peaks++;
        }
      }
      if (peaks >= 2) {
        const p = (last - first) / (peaks - 1);
        if (p >= params.minPeriod && p <= params.maxPeriod) { period[i] = p; valid.push(p); }
      }
    }
  }
  const fallback = valid.length ? valid.sort((a, b) => a - b)[valid.length >> 1] : params.defaultPeriod;
  // Fill and smooth: average of valid neighbours within two blocks, else the image median.
  const out = new Float32Array(n);
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      let s = 0, c = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const x = bx + dx, y = by + dy;
        if (x < 0 || y < 0 || x >= grid.cols || y >= grid.rows) continue;
        const p = period[y * grid.cols + x];
        if (p > 0) { s += p; c++; }
      }
      out[by * grid.cols + bx] = c >= 3 ? s / c : fallback;
    }
  }
  return out;
}
