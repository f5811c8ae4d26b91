// Global contrast normalisation, the first stage after resampling. Scanners differ in how much of the
// gray range a print spans (exposure, platen, a dry finger pressing lightly); the later stages have
// absolute floors (the segmentation's variance floor, each minutia's contrast term in its quality), so
// a faint but clear print would lose foreground and minutiae to them. Stretching the print's own range
// to a standard one first makes them read the print, not the scanner's calibration. The gain is capped:
// a blank platen's sensor noise must not be amplified into something that looks like ridges.
import { params } from '../params.ts';
import type { GrayImage } from '../types.ts';

/** The image with its `contrastPercentile`..(1 − that) gray range stretched about its middle to span
 * `contrastTargetRange` levels, by a gain of at most `contrastMaxGain`; never compressed (gain ≥ 1). */
export function normaliseContrast(img: GrayImage): GrayImage {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]++;
  const n = img.data.length, q = params.contrastPercentile * n;
  let lo = 0, hi = 255, acc = 0;
  for (let v = 0; v < 256; v++) { acc += hist[v]; if (acc > q) { lo = v; break; } }
  acc = 0;
  for (let v = 255; v >= 0; v--) { acc += hist[v]; if (acc > q) { hi = v; break; } }
  const range = Math.max(1, hi - lo);
  const gain = Math.min(params.contrastMaxGain, params.contrastTargetRange / range);
  if (!(gain > 1)) return img;
  const mid = (lo + hi) / 2, lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(127.5 + (v - mid) * gain)));
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = lut[img.data[i]];
  return { width: img.width, height: img.height, data };
}
