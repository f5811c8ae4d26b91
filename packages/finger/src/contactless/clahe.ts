// Contrast-limited adaptive histogram equalisation (Zuiderveld 1994): one clipped histogram per
// tile, each pixel mapped by bilinear interpolation between the four nearest tiles' mappings.
// Only masked pixels count, so the dark background does not flatten the finger's histogram.
import type { Mask } from './types.ts';

export function clahe(src: Uint8Array, width: number, height: number, tiles: number, clipLimit: number, mask?: Mask): Uint8Array {
  const tw = Math.max(8, Math.ceil(width / tiles)), th = Math.max(8, Math.ceil(height / tiles));
  const nx = Math.ceil(width / tw), ny = Math.ceil(height / th);
  const maps = new Uint8Array(nx * ny * 256);
  const hist = new Float64Array(256);
  for (let ty = 0; ty < ny; ty++) {
    for (let tx = 0; tx < nx; tx++) {
      hist.fill(0);
      let n = 0;
      for (let y = ty * th; y < Math.min(height, (ty + 1) * th); y++) {
        for (let x = tx * tw; x < Math.min(width, (tx + 1) * tw); x++) {
          const i = y * width + x;
          if (mask && !mask.data[i]) continue;
          hist[src[i]]++; n++;
        }
      }
      const map = maps.subarray((ty * nx + tx) * 256, (ty * nx + tx + 1) * 256);
      if (n === 0) { for (let v = 0; v < 256; v++) map[v] = v; continue; }
      // Clip and redistribute the excess evenly: limits how much noise a flat tile is amplified.
      const limit = Math.max(1, (clipLimit * n) / 256);
      let excess = 0;
      for (let v = 0; v < 256; v++) if (hist[v] > limit) { excess += hist[v] - limit; hist[v] = limit; }
      const add = excess / 256;
      let cdf = 0;
      for (let v = 0; v < 256; v++) { cdf += hist[v] + add; map[v] = Math.min(255, Math.round((cdf / n) * 255)); }
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(ny - 1, Math.max(0, (y - th / 2) / th));
    const y0 = Math.floor(gy), y1 = Math.min(ny - 1, y0 + 1), fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(nx - 1, Math.max(0, (x - tw / 2) / tw));
      const x0 = Math.floor(gx), x1 = Math.min(nx - 1, x0 + 1), fx = gx - x0;
      const v = src[y * width + x];
      const a = maps[(y0 * nx + x0) * 256 + v], b = maps[(y0 * nx + x1) * 256 + v];
      const c = maps[(y1 * nx + x0) * 256 + v], d = maps[(y1 * nx + x1) * 256 + v];
      out[y * width + x] = Math.round((1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d));
    }
  }
  return out;
}
