// Small float-image primitives shared by the stages: channel mixing, separable Gaussian blur,
// area downscale, affine resampling, Otsu threshold. Flat typed arrays, no allocation per pixel.
import type { FloatImage, Mask, RgbImage } from './types.ts';

export function floatImage(width: number, height: number): FloatImage {
  return { width, height, data: new Float32Array(width * height) };
}

/** Weighted sum of the R, G, B channels. */
export function mixChannels(rgb: RgbImage, wr: number, wg: number, wb: number): FloatImage {
  const out = floatImage(rgb.width, rgb.height);
  const s = rgb.data, d = out.data;
  for (let i = 0, p = 0; i < d.length; i++, p += 3) d[i] = wr * s[p] + wg * s[p + 1] + wb * s[p + 2];
  return out;
}

export function luma(rgb: RgbImage): FloatImage {
  return mixChannels(rgb, 0.299, 0.587, 0.114);
}

function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) { k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma)); sum += k[i + r]; }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** Separable Gaussian blur with clamped borders. */
export function gaussianBlur(img: FloatImage, sigma: number): FloatImage {
  if (sigma <= 0) return { width: img.width, height: img.height, data: img.data.slice() };
  const { width: w, height: h } = img;
  const k = gaussianKernel(sigma), r = (k.length - 1) / 2;
  const tmp = new Float32Array(w * h), out = floatImage(w, h);
  const src = img.data, dst = out.data;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i < 0 ? 0 : x + i >= w ? w - 1 : x + i;
        acc += k[i + r] * src[row + xx];
      }
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i < 0 ? 0 : y + i >= h ? h - 1 : y + i;
        acc += k[i + r] * tmp[yy * w + x];
      }
      dst[y * w + x] = acc;
    }
  }
  return out;
}

/** Difference of Gaussians: a band-pass that keeps structures between the two scales. */
export function bandPass(img: FloatImage, sigmaSmall: number, sigmaLarge: number): FloatImage {
  const a = gaussianBlur(img, sigmaSmall), b = gaussianBlur(img, sigmaLarge);
  for (let i = 0; i < a.data.length; i++) a.data[i] -= b.data[i];
  return a;
}

/** Area-average downscale by an integer factor (cheap anti-aliasing for analysis copies). */
export function downscale(img: FloatImage, factor: number): FloatImage {
  if (factor <= 1) return img;
  const w = Math.floor(img.width / factor), h = Math.floor(img.height / factor);
  const out = floatImage(w, h), n = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) acc += img.data[row + dx];
      }
      out.data[y * w + x] = acc / n;
    }
  }
  return out;
}

/**
 * Affine map from output pixel (u, v) to source point: sx = a*u + b*v + c, sy = d*u + e*v + f.
 */
export interface Affine { a: number; b: number; c: number; d: number; e: number; f: number }

/**
 * Bilinear resampling through an affine map; points outside the source get `fill`. `columns`, when
 * given, remaps each output column u to the (fractional) column fed to the map (lateral unrolling).
 */
export function warpAffine(src: FloatImage, width: number, height: number, m: Affine, fill = 0, columns?: Float32Array): FloatImage {
  const out = floatImage(width, height);
  const sw = src.width, sh = src.height, s = src.data;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const uu = columns ? columns[u] : u;
      const sx = m.a * uu + m.b * v + m.c, sy = m.d * uu + m.e * v + m.f;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= sw - 1 || y0 >= sh - 1) { out.data[v * width + u] = fill; continue; }
      const fx = sx - x0, fy = sy - y0, p = y0 * sw + x0;
      const top = s[p] + fx * (s[p + 1] - s[p]);
      const bot = s[p + sw] + fx * (s[p + sw + 1] - s[p + sw]);
      out.data[v * width + u] = top + fy * (bot - top);
    }
  }
  return out;
}

/** Nearest-neighbour resampling of a mask through an affine map (outside = 0). */
export function warpMask(src: Mask, width: number, height: number, m: Affine, columns?: Float32Array): Mask {
  const out: Mask = { width, height, data: new Uint8Array(width * height) };
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const uu = columns ? columns[u] : u;
      const sx = Math.round(m.a * uu + m.b * v + m.c), sy = Math.round(m.d * uu + m.e * v + m.f);
      if (sx >= 0 && sy >= 0 && sx < src.width && sy < src.height) out.data[v * width + u] = src.data[sy * src.width + sx];
    }
  }
  return out;
}

/** Otsu's threshold over the given values (histogram of 256 bins between min and max). */
export function otsuThreshold(values: Float32Array): number {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi > lo)) return lo;
  const bins = 256, hist = new Float64Array(bins), scale = (bins - 1) / (hi - lo);
  for (const v of values) hist[Math.round((v - lo) * scale)]++;
  let total = 0, sumAll = 0;
  for (let i = 0; i < bins; i++) { total += hist[i]; sumAll += i * hist[i]; }
  let wB = 0, sumB = 0, best = 0, bestI = 0;
  for (let i = 0; i < bins; i++) {
    wB += hist[i];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * hist[i];
    const mB = sumB / wB, mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; bestI = i; }
  }
  return lo + (bestI + 0.5) / scale;
}

export function toGray8(img: FloatImage, lo: number, hi: number): Uint8Array {
  const out = new Uint8Array(img.data.length), k = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < out.length; i++) {
    const v = (img.data[i] - lo) * k;
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return out;
}
