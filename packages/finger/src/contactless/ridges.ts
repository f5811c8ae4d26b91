// Ridge orientation and period from blocks of a grey image: the gradient structure tensor gives
// each block's ridge direction and how coherent it is; the block's profile across the ridges
// (the "x-signature" of Hong, Wan and Jain 1998) gives the period by autocorrelation.
import { gaussianBlur } from './imageops.ts';
import { params } from './parameters.ts';
import type { FloatImage, Mask } from './types.ts';

export interface BlockRidge {
  x: number; y: number; // block centre
  /** Direction across the ridges (gradient direction), radians in [0, π). */
  normal: number;
  coherence: number; // 0 (isotropic) .. 1 (perfectly parallel ridges)
  period: number; // pixels, NaN when not measurable
}

export interface RidgeSummary {
  period: number; // median over coherent blocks, NaN if none
  coherence: number; // mean coherence over blocks inside the mask
  blocks: BlockRidge[];
}

/**
 * `centre` limits the period to blocks near the finger's centre: on a curved finger the ridges
 * are foreshortened towards its sides, so only the part facing the camera shows the true period.
 */
export function estimateRidges(img: FloatImage, mask: Mask | null, centre?: { x: number; y: number; radius: number }, blockSize = 48): RidgeSummary {
  const g = gaussianBlur(img, 1.0);
  const { width: w, height: h } = g;
  const blocks: BlockRidge[] = [];
  let cohSum = 0;
  for (let by = 0; by + blockSize <= h; by += blockSize / 2) {
    for (let bx = 0; bx + blockSize <= w; bx += blockSize / 2) {
      if (mask && insideFraction(mask, bx, by, blockSize) < 0.9) continue;
      const t = structureTensor(g, bx, by, blockSize);
      cohSum += t.coherence;
      const cx = bx + blockSize / 2, cy = by + blockSize / 2;
      const central = !centre || Math.hypot(cx - centre.x, cy - centre.y) <= centre.radius;
      const period = central && t.coherence >= params.ridge.minCoherence ? signaturePeriod(g, cx, cy, t.normal, blockSize) : NaN;
      blocks.push({ x: cx, y: cy, normal: t.normal, coherence: t.coherence, period });
    }
  }
  const periods = blocks.map((b) => b.period).filter((p) => Number.isFinite(p)).sort((a, b) => a - b);
  const period = periods.length >= 2 ? periods[Math.floor(periods.length / 2)] : NaN;
  return { period, coherence: blocks.length ? cohSum / blocks.length : 0, blocks };
}

function insideFraction(m: Mask, bx: number, by: number, size: number): number {
  let n = 0;
  for (let y = by; y < by + size; y += 4) for (let x = bx; x < bx + size; x += 4) n += m.data[y * m.width + x];
  const steps = Math.ceil(size / 4);
  return n / (steps * steps);
}

function structureTensor(g: FloatImage, bx: number, by: number, size: number): { normal: number; coherence: number } {
  const w = g.width, d = g.data;
  let gxx = 0, gyy = 0, gxy = 0;
  for (let y = Math.max(1, by); y < Math.min(g.height - 1, by + size); y++) {
    for (let x = Math.max(1, bx); x < Math.min(w - 1, bx + size); x++) {
      const i = y * w + x;
      const gx = d[i + 1] - d[i - 1], gy = d[i + w] - d[i - w];
      gxx += gx * gx; gyy += gy * gy; gxy += gx * gy;
    }
  }
  const diff = gxx - gyy, sum = gxx + gyy;
  const coherence = sum > 1e-9 ? Math.sqrt(diff * diff + 4 * gxy * gxy) / sum : 0;
  let normal = 0.5 * Math.atan2(2 * gxy, diff);
  if (normal < 0) normal += Math.PI;
  return { normal, coherence };
}

/** Profile across the ridges through the block centre, averaged along them; period by autocorrelation. */
function signaturePeriod(g: FloatImage, cx: number, cy: number, normal: number, size: number): number {
  const nx = Math.cos(normal), ny = Math.sin(normal), tx = -ny, ty = nx;
  const len = size, half = len / 2, along = Math.floor(size / 4);
  const sig = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    let acc = 0, n = 0;
    for (let s = -along; s <= along; s++) {
      const x = cx + (k - half) * nx + s * tx, y = cy + (k - half) * ny + s * ty;
      const v = sample(g, x, y);
      if (!Number.isNaN(v)) { acc += v; n++; }
    }
    sig[k] = n ? acc / n : 0;
  }
  return autocorrelationPeriod(sig, params.ridge.minPeriodPx, Math.min(params.ridge.maxPeriodPx, len * 0.6));
}

/** First autocorrelation peak after the first zero crossing, refined by a parabola. */
export function autocorrelationPeriod(sig: Float64Array, minLag: number, maxLag: number): number {
  const n = sig.length;
  let mean = 0;
  for (const v of sig) mean += v;
  mean /= n;
  const x = sig.map((v) => v - mean);
  let e0 = 0;
  for (const v of x) e0 += v * v;
  if (e0 < 1e-6) return NaN;
  const maxL = Math.min(Math.floor(maxLag) + 1, n - 2);
  const ac = new Float64Array(maxL + 2);
  for (let lag = 0; lag <= maxL + 1; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += x[i] * x[i + lag];
    ac[lag] = s / (n - lag) / (e0 / n);
  }
  let lag = 1;
  while (lag <= maxL && ac[lag] > 0) lag++;
  let best = -1, bestV = 0.1; // a periodic profile must correlate clearly with itself
  for (; lag <= maxL; lag++) {
    if (ac[lag] > ac[lag - 1] && ac[lag] >= ac[lag + 1] && ac[lag] > bestV) { best = lag; bestV = ac[lag]; break; }
  }
  if (best < 0) return NaN;
  const a = ac[best - 1], b = ac[best], c = ac[best + 1];
  const denom = a - 2 * b + c;
  const p = best + (denom < 0 ? (0.5 * (a - c)) / denom : 0);
  return p >= minLag && p <= maxLag ? p : NaN;
}

function sample(g: FloatImage, x: number, y: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= g.width - 1 || y0 >= g.height - 1) return NaN;
  const fx = x - x0, fy = y - y0, p = y0 * g.width + x0, d = g.data, w = g.width;
  const top = d[p] + fx * (d[p + 1] - d[p]);
  const bot = d[p + w] + fx * (d[p + w + 1] - d[p + w]);
  return top + fy * (bot - top);
}
