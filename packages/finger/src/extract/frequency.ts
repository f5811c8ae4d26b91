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
  const valid: number[] = [];
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      const i = by * grid.cols + bx;
      if (!mask[i]) continue;
      const cx = bx * grid.size + grid.size / 2; const cy = by * grid.size + grid.size / 2;
      const t = field.angle[i]; const ux = Math.cos(t), uy = Math.sin(t); // along the ridge
      const nx = -uy, ny = ux; // across
      for (let k = -L; k <= L; k++) {
        let s = 0, c = 0;
        for (let a = -A; a <= A; a++) {
          const x = Math.round(cx + k * nx + a * ux), y = Math.round(cy + k * ny + a * uy);
          if (x >= 0 && y >= 0 && x < img.width && y < img.height) { s += img.data[y * img.width + x]; c++; }
        }
        sig[k + L] = c ? s / c : 0;
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
