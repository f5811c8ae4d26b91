// Ridge orientation and coherence per block from averaged squared gradients (Kass & Witkin;
// Bazen & Gerez): doubled-angle vectors average without the 0/π ambiguity.
import { params } from '../params.ts';
import type { GrayImage } from '../types.ts';
import { type BlockGrid, boxSum } from './grid.ts';

export interface OrientationField {
  grid: BlockGrid;
  /** Ridge direction per block, radians in [0, π). */
  angle: Float32Array;
  /** 0 (isotropic) .. 1 (parallel ridges). */
  coherence: Float32Array;
}

export function orientationField(img: GrayImage, grid: BlockGrid): OrientationField {
  const { width: w, height: h, data } = img;
  // Sobel gradients summed straight into summed-area tables of gx², gy², gx·gy (one row of zeros
  // on top and left; gradients are 0 on the image border). Every term is an integer below 2^21 and
  // every sum below 2^53, so the tables are exact whatever the order of the additions.
  const w1 = w + 1;
  const sxx = new Float64Array(w1 * (h + 1)); const syy = new Float64Array(w1 * (h + 1)); const sxy = new Float64Array(w1 * (h + 1));
  for (let y = 0; y < h; y++) {
    const o = (y + 1) * w1 + 1, p = y * w1 + 1;
    let rxx = 0, ryy = 0, rxy = 0;
    for (let x = 0; x < w; x++) {
      if (y > 0 && y < h - 1 && x > 0 && x < w - 1) {
        const i = y * w + x;
        const a = data[i - w - 1], b = data[i - w], c = data[i - w + 1];
        const d = data[i - 1], f = data[i + 1];
        const g = data[i + w - 1], hh = data[i + w], k = data[i + w + 1];
        const gx = (c + 2 * f + k) - (a + 2 * d + g);
        const gy = (g + 2 * hh + k) - (a + 2 * b + c);
        rxx += gx * gx; ryy += gy * gy; rxy += gx * gy;
      }
      sxx[o + x] = sxx[p + x] + rxx; syy[o + x] = syy[p + x] + ryy; sxy[o + x] = sxy[p + x] + rxy;
    }
  }
  const n = grid.cols * grid.rows; const r = params.orientationWindow;
  let vx: Float32Array = new Float32Array(n); let vy: Float32Array = new Float32Array(n); const energy = new Float32Array(n);
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      const cx = bx * grid.size + (grid.size >> 1); const cy = by * grid.size + (grid.size >> 1);
      const xx = boxSum(sxx, w, h, cx - r, cy - r, cx + r, cy + r);
      const yy = boxSum(syy, w, h, cx - r, cy - r, cx + r, cy + r);
      const xy = boxSum(sxy, w, h, cx - r, cy - r, cx + r, cy + r);
      const i = by * grid.cols + bx;
      vx[i] = xx - yy; vy[i] = 2 * xy; energy[i] = xx + yy;
    }
  }
  const coherence = new Float32Array(n);
  for (let i = 0; i < n; i++) coherence[i] = energy[i] > 0 ? Math.hypot(vx[i], vy[i]) / energy[i] : 0;
  for (let pass = 0; pass < params.orientationSmoothPasses; pass++) {
    [vx, vy] = [smooth(vx, grid), smooth(vy, grid)];
  }
  const angle = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0.5 * Math.atan2(vy[i], vx[i]) + Math.PI / 2;
    if (a >= Math.PI) a -= Math.PI;
    angle[i] = a;
  }
  return { grid, angle, coherence };
}

function smooth(v: Float32Array, grid: BlockGrid): Float32Array {
  const out = new Float32Array(v.length);
  for (let y = 0; y < grid.rows; y++) {
    for (let x = 0; x < grid.cols; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = Math.min(grid.rows - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(grid.cols - 1, Math.max(0, x + dx));
          s += v[yy * grid.cols + xx] * (dx === 0 && dy === 0 ? 2 : 1);
        }
      }
      out[y * grid.cols + x] = s / 10;
    }
  }
  return out;
}
