// Foreground segmentation on the block grid: blocks with enough gray-level variance and ridge
// coherence are fingerprint; the mask is then cleaned morphologically and reduced to its largest
// connected region, with holes filled.
import { params } from '../params.ts';
import type { GrayImage } from '../types.ts';
import { type BlockGrid, boxSum } from './grid.ts';
import type { OrientationField } from './orientation.ts';

export interface Segmentation { grid: BlockGrid; mask: Uint8Array; variance: Float32Array; area: number }

export function segment(img: GrayImage, field: OrientationField): Segmentation {
  const { width: w, height: h, data } = img; const grid = field.grid;
  // Summed-area tables of gray and gray² in one pass (integers, exact in doubles).
  const w1 = w + 1; const s1 = new Float64Array(w1 * (h + 1)); const s2 = new Float64Array(w1 * (h + 1));
  for (let y = 0; y < h; y++) {
    const o = (y + 1) * w1 + 1, p = y * w1 + 1, row = y * w;
    let r1 = 0, r2 = 0;
    for (let x = 0; x < w; x++) {
      const v = data[row + x]; r1 += v; r2 += v * v;
      s1[o + x] = s1[p + x] + r1; s2[o + x] = s2[p + x] + r2;
    }
  }
  const n = grid.cols * grid.rows; const r = params.segmentWindow;
  const variance = new Float32Array(n);
  for (let by = 0; by < grid.rows; by++) {
    for (let bx = 0; bx < grid.cols; bx++) {
      const cx = bx * grid.size + (grid.size >> 1); const cy = by * grid.size + (grid.size >> 1);
      const x0 = Math.max(0, cx - r), y0 = Math.max(0, cy - r), x1 = Math.min(w, cx + r), y1 = Math.min(h, cy + r);
      const cnt = Math.max(1, (x1 - x0) * (y1 - y0));
      const m = boxSum(s1, w, h, x0, y0, x1, y1) / cnt;
      variance[by * grid.cols + bx] = boxSum(s2, w, h, x0, y0, x1, y1) / cnt - m * m;
    }
  }
  const sorted = Float32Array.from(variance).sort();
  const high = sorted[Math.floor(sorted.length * 0.95)];
  const threshold = Math.max(params.segmentMinVariance, high * params.segmentVarianceFraction);
  let mask: Uint8Array = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = variance[i] > threshold && field.coherence[i] > params.segmentMinCoherence ? 1 : 0;
  mask = dilate(erode(mask, grid), grid); // open: drop specks
  mask = erode(dilate(mask, grid), grid); // close: bridge gaps
  mask = largestRegion(mask, grid);
  fillHoles(mask, grid);
  let area = 0;
  for (let i = 0; i < n; i++) area += mask[i];
  return { grid, mask, variance, area: area * grid.size * grid.size };
}

function morph(mask: Uint8Array, grid: BlockGrid, keepIf: (count: number) => boolean): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < grid.rows; y++) {
    for (let x = 0; x < grid.cols; x++) {
      let c = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < grid.cols && yy < grid.rows) c += mask[yy * grid.cols + xx];
      }
      out[y * grid.cols + x] = keepIf(c) ? 1 : 0;
    }
  }
  return out;
}
const erode = (m: Uint8Array, g: BlockGrid) => morph(m, g, (c) => c >= 7);
const dilate = (m: Uint8Array, g: BlockGrid) => morph(m, g, (c) => c >= 3);

function flood(mask: Uint8Array, grid: BlockGrid, start: number, value: number, label: Int32Array, id: number): number {
  const stack = [start]; label[start] = id; let size = 0;
  while (stack.length) {
    const i = stack.pop()!; size++;
    const x = i % grid.cols, y = (i / grid.cols) | 0;
    const nb = [x > 0 ? i - 1 : -1, x < grid.cols - 1 ? i + 1 : -1, y > 0 ? i - grid.cols : -1, y < grid.rows - 1 ? i + grid.cols : -1];
    for (const j of nb) if (j >= 0 && label[j] === 0 && mask[j] === value) { label[j] = id; stack.push(j); }
  }
  return size;
}

function largestRegion(mask: Uint8Array, grid: BlockGrid): Uint8Array {
  const label = new Int32Array(mask.length); let best = 0, bestId = 0, id = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && !label[i]) { const s = flood(mask, grid, i, 1, label, ++id); if (s > best) { best = s; bestId = id; } }
  }
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = label[i] === bestId && bestId ? 1 : 0;
  return out;
}

function fillHoles(mask: Uint8Array, grid: BlockGrid): void {
  const label = new Int32Array(mask.length);
  for (let x = 0; x < grid.cols; x++) for (const y of [0, grid.rows - 1]) {
    const i = y * grid.cols + x; if (!mask[i] && !label[i]) flood(mask, grid, i, 0, label, 1);
  }
  for (let y = 0; y < grid.rows; y++) for (const x of [0, grid.cols - 1]) {
    const i = y * grid.cols + x; if (!mask[i] && !label[i]) flood(mask, grid, i, 0, label, 1);
  }
  for (let i = 0; i < mask.length; i++) if (!mask[i] && !label[i]) mask[i] = 1;
}
