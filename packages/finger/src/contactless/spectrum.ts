// Dominant ridge period of a patch from its radially averaged power spectrum. Ridges of any
// orientation put their energy on a ring at radius N/period; the ring is found even where single
// blocks mislead (harmonics from side light, minutiae, creases).
import type { FloatImage, Mask } from './types.ts';

/** In-place radix-2 complex FFT of length n (power of two). */
function fft(re: Float64Array, im: Float64Array, n: number, off: number, stride: number): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const a = off + i * stride, b = off + j * stride;
      [re[a], re[b]] = [re[b], re[a]]; [im[a], im[b]] = [im[b], im[a]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len, wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = off + (i + k) * stride, b = off + (i + k + len / 2) * stride;
        const tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr; im[b] = im[a] - ti; re[a] += tr; im[a] += ti;
        const ncr = cr * wr - ci * wi; ci = cr * wi + ci * wr; cr = ncr;
      }
    }
  }
}

/**
 * Period (pixels) of the strongest ring in [minPeriod, maxPeriod] of an N×N Hann-windowed patch
 * centred at (cx, cy); pixels outside `mask` are set to the patch mean. NaN when no clear peak.
 */
export function spectralPeriod(img: FloatImage, mask: Mask | null, cx: number, cy: number, n: number, minPeriod: number, maxPeriod: number): number {
  return peakPeriod(ringSpectrum(img, mask, cx, cy, n), n, minPeriod, maxPeriod);
}

/**
 * Same over several patches: their ring spectra are summed before the peak is picked, which
 * steadies the estimate where one patch holds a core, a crease or a scar.
 */
export function spectralPeriodMulti(img: FloatImage, mask: Mask | null, centres: { x: number; y: number }[], n: number, minPeriod: number, maxPeriod: number): number {
  const sum = new Float64Array(n);
  let used = 0;
  for (const c of centres) {
    const r = ringSpectrum(img, mask, c.x, c.y, n);
    if (!r) continue;
    let total = 0;
    for (const v of r) total += v;
    if (total > 0) { for (let k = 0; k < n; k++) sum[k] += r[k] / total; used++; }
  }
  return used ? peakPeriod(sum, n, minPeriod, maxPeriod) : NaN;
}

function ringSpectrum(img: FloatImage, mask: Mask | null, cx: number, cy: number, n: number): Float64Array | null {
  const re = new Float64Array(n * n), im = new Float64Array(n * n);
  const x0 = Math.round(cx - n / 2), y0 = Math.round(cy - n / 2);
  let mean = 0, cnt = 0;
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < img.width && y < img.height && (!mask || mask.data[y * img.width + x] === 1);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (inside(x0 + x, y0 + y)) { mean += img.data[(y0 + y) * img.width + x0 + x]; cnt++; }
  if (cnt < (n * n) / 4) return null;
  mean /= cnt;
  for (let y = 0; y < n; y++) {
    const wy = 0.5 - 0.5 * Math.cos((2 * Math.PI * (y + 0.5)) / n);
    for (let x = 0; x < n; x++) {
      const wx = 0.5 - 0.5 * Math.cos((2 * Math.PI * (x + 0.5)) / n);
      const v = inside(x0 + x, y0 + y) ? img.data[(y0 + y) * img.width + x0 + x] - mean : 0;
      re[y * n + x] = v * wx * wy;
    }
  }
  for (let y = 0; y < n; y++) fft(re, im, n, y * n, 1);
  for (let x = 0; x < n; x++) fft(re, im, n, x, n);
  const rings = new Float64Array(n), counts = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const fv = v < n / 2 ? v : v - n;
    for (let u = 0; u < n; u++) {
      const fu = u < n / 2 ? u : u - n;
      const r = Math.hypot(fu, fv), k = Math.round(r);
      if (k >= n / 2) continue;
      // Power × radius²: whitens the 1/f² fall-off of shading and creases so that the ridge ring,
      // not a low-frequency one, is the peak (with × radius, shaded sample images peaked at 25-35 px).
      rings[k] += (re[v * n + u] ** 2 + im[v * n + u] ** 2) * r * r;
      counts[k]++;
    }
  }
  for (let k = 0; k < n; k++) if (counts[k]) rings[k] /= counts[k];
  return rings;
}

function peakPeriod(rings: Float64Array | null, n: number, minPeriod: number, maxPeriod: number): number {
  if (!rings) return NaN;
  const kLo = Math.max(2, Math.ceil(n / maxPeriod)), kHi = Math.min(n / 2 - 2, Math.floor(n / minPeriod));
  let best = -1;
  for (let k = kLo; k <= kHi; k++) if (best < 0 || rings[k] > rings[best]) best = k;
  if (best <= kLo || best >= kHi) return NaN; // a peak on the band edge is no ring
  // Centroid of the ring's upper part (above half its height, within ±30% of the peak): ridge
  // spacing varies over a finger, and the centroid of the band is steadier than its highest bin.
  const lo = Math.max(kLo, Math.floor(best / 1.3)), hi = Math.min(kHi, Math.ceil(best * 1.3));
  const half = rings[best] / 2;
  let w = 0, wk = 0;
  for (let k = lo; k <= hi; k++) if (rings[k] > half) { w += rings[k] - half; wk += (rings[k] - half) * k; }
  return n / (wk / w);
}
