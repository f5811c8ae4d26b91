// Pixel operations over flat RGB arrays. Every geometric step (detector resize, landmark crop,
// alignment, liveness crop) is one affine warp with bilinear sampling, so there is one resampler.
import type { RgbImage } from './types.ts';

/**
 * Maps an output pixel index (x, y) to a source pixel index: sx = a*x + b*y + c, sy = d*x + e*y + f
 * (index convention: pixel i has its centre at i, as OpenCV's warpAffine). Boxes and landmarks
 * elsewhere are continuous coordinates (pixel i spans [i, i+1]), hence the half-pixel shifts.
 */
export type Affine = [number, number, number, number, number, number];

export function warp(src: RgbImage, m: Affine, width: number, height: number, fill = 0): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const { width: sw, height: sh, data } = src;
  const [a, b, c, d, e, f] = m;
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 3) {
      const sx = a * x + b * y + c;
      const sy = d * x + e * y + f;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) { out[o] = out[o + 1] = out[o + 2] = fill; continue; }
      const fx = sx - x0, fy = sy - y0;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
        // All four neighbours inside (most pixels): direct reads, the same arithmetic as below.
        const i00 = (y0 * sw + x0) * 3, i01 = i00 + sw * 3;
        for (let ch = 0; ch < 3; ch++) {
          const p00 = data[i00 + ch], p10 = data[i00 + 3 + ch], p01 = data[i01 + ch], p11 = data[i01 + 3 + ch];
          const top = p00 + (p10 - p00) * fx, bottom = p01 + (p11 - p01) * fx;
          out[o + ch] = top + (bottom - top) * fy + 0.5;
        }
        continue;
      }
      for (let ch = 0; ch < 3; ch++) {
        const p00 = pixel(data, sw, sh, x0, y0, ch, fill), p10 = pixel(data, sw, sh, x0 + 1, y0, ch, fill);
        const p01 = pixel(data, sw, sh, x0, y0 + 1, ch, fill), p11 = pixel(data, sw, sh, x0 + 1, y0 + 1, ch, fill);
        const top = p00 + (p10 - p00) * fx, bottom = p01 + (p11 - p01) * fx;
        out[o + ch] = top + (bottom - top) * fy + 0.5;
      }
    }
  }
  return { width, height, data: out };
}

function pixel(data: Uint8Array, w: number, h: number, x: number, y: number, ch: number, fill: number): number {
  return x < 0 || y < 0 || x >= w || y >= h ? fill : data[(y * w + x) * 3 + ch];
}

/** Affine taking an axis-aligned source rectangle onto a width x height output. */
export function rectToOutput(x: number, y: number, w: number, h: number, width: number, height: number): Affine {
  const sx = w / width, sy = h / height;
  return [sx, 0, x + 0.5 * sx - 0.5, 0, sy, y + 0.5 * sy - 0.5];
}

/** Planar CHW float tensor, (value - mean) / std, optionally mirrored and in BGR order. */
export function toTensor(img: RgbImage, mean: number, std: number, opts: { flip?: boolean; bgr?: boolean } = {}): Float32Array {
  const { width, height, data } = img;
  const plane = width * height;
  const out = new Float32Array(plane * 3);
  const inv = 1 / std;
  if (!opts.flip && !opts.bgr) {
    // The common case (detector input) without the per-pixel index arithmetic; same values.
    for (let t = 0, s = 0; t < plane; t++, s += 3) {
      out[t] = (data[s] - mean) * inv;
      out[plane + t] = (data[s + 1] - mean) * inv;
      out[2 * plane + t] = (data[s + 2] - mean) * inv;
    }
    return out;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = opts.flip ? width - 1 - x : x;
      const s = (y * width + sx) * 3, t = y * width + x;
      for (let ch = 0; ch < 3; ch++) {
        const plane_ = opts.bgr ? 2 - ch : ch;
        out[plane_ * plane + t] = (data[s + ch] - mean) * inv;
      }
    }
  }
  return out;
}

/** Luminance (BT.601) as floats 0..255. */
export function toGray(img: RgbImage): Float32Array {
  const out = new Float32Array(img.width * img.height);
  const d = img.data;
  for (let i = 0, s = 0; i < out.length; i++, s += 3) out[i] = 0.299 * d[s] + 0.587 * d[s + 1] + 0.114 * d[s + 2];
  return out;
}
