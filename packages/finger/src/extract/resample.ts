// Bilinear resampling to the engine's working resolution.
import type { GrayImage } from '../types.ts';

export function resample(img: GrayImage, fromDpi: number, toDpi: number): GrayImage {
  if (Math.abs(fromDpi - toDpi) < 1) return img;
  const s = toDpi / fromDpi;
  const width = Math.max(1, Math.round(img.width * s));
  const height = Math.max(1, Math.round(img.height * s));
  const out = new Uint8Array(width * height);
  const src = img.data; const sw = img.width; const sh = img.height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) / s - 0.5));
    const y0 = Math.floor(fy); const y1 = Math.min(sh - 1, y0 + 1); const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) / s - 0.5));
      const x0 = Math.floor(fx); const x1 = Math.min(sw - 1, x0 + 1); const wx = fx - x0;
      const top = src[y0 * sw + x0] * (1 - wx) + src[y0 * sw + x1] * wx;
      const bot = src[y1 * sw + x0] * (1 - wx) + src[y1 * sw + x1] * wx;
      out[y * width + x] = Math.round(top * (1 - wy) + bot * wy);
    }
  }
  return { width, height, data: out };
}
