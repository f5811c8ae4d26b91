// Finds where ridged skin is: a finger is the part of a photo with ridge texture, whatever the
// background colour (skin-coloured backgrounds defeat colour rules, dark ones defeat nothing).
// Works on a downscaled luma copy; the result is a clean binary mask at that scale.
import { bandPass, downscale, gaussianBlur, otsuThreshold } from './imageops.ts';
import { params } from './parameters.ts';
import type { FloatImage, Mask } from './types.ts';

export interface Segmentation {
  /** Analysis-scale mask of ridged skin (holes filled, small specks removed). */
  mask: Mask;
  /** Photo pixels per analysis pixel. */
  factor: number;
  /** Analysis-scale luma. */
  small: FloatImage;
}

export function segmentFingers(lumaFull: FloatImage): Segmentation {
  const factor = Math.max(1, Math.ceil(Math.max(lumaFull.width, lumaFull.height) / params.analysisMaxSide));
  const small = downscale(lumaFull, factor);
  const energy = ridgeEnergy(small);
  // Otsu on log energy: ridge contrast varies by orders of magnitude under uneven light, and a
  // few strong outline edges must not pull the threshold up. The smoothing radius is kept small
  // so that texture does not spill into the gaps between fingers.
  const amp = new Float32Array(energy.data.length);
  for (let i = 0; i < amp.length; i++) amp[i] = Math.log(energy.data[i] + 1e-3);
  const t = otsuThreshold(amp);
  let mask: Mask = { width: small.width, height: small.height, data: new Uint8Array(amp.length) };
  for (let i = 0; i < amp.length; i++) mask.data[i] = amp[i] > t ? 1 : 0;
  mask = smoothMask(mask, 2);
  fillHoles(mask);
  // The smoothed energy spills past the finger's outline (and the outline itself is an edge):
  // pull the mask back by the smoothing radius.
  mask = erodeMask(mask, Math.round(params.segment.energySmoothSigma * 1.5));
  return { mask, factor, small };
}

/** Local energy of two band-pass responses: fine ridges plus coarser ridges of a closer finger. */
function ridgeEnergy(img: FloatImage): FloatImage {
  const fine = bandPass(img, 0.7, 2.0), coarse = bandPass(img, 1.4, 4.0);
  const e = fine;
  for (let i = 0; i < e.data.length; i++) e.data[i] = fine.data[i] * fine.data[i] + coarse.data[i] * coarse.data[i];
  return gaussianBlur(e, params.segment.energySmoothSigma);
}

/** Majority filter by blurring the binary mask: closes ridge-scale gaps, rounds the outline. */
function smoothMask(m: Mask, sigma: number): Mask {
  const f = { width: m.width, height: m.height, data: Float32Array.from(m.data) };
  const b = gaussianBlur(f, sigma);
  const out: Mask = { width: m.width, height: m.height, data: new Uint8Array(m.data.length) };
  for (let i = 0; i < out.data.length; i++) out.data[i] = b.data[i] > 0.5 ? 1 : 0;
  return out;
}

/** Erosion by a square of side 2r+1 (separable); outside the image counts as inside. */
export function erodeMask(m: Mask, r: number): Mask {
  const { width: w, height: h } = m;
  const tmp = new Uint8Array(w * h), out = new Uint8Array(w * h);
  erodeLines(m.data, tmp, h, w, w, 1, r);
  erodeLines(tmp, out, w, h, 1, w, r);
  return { width: w, height: h, data: out };
}

/** 1-D erosion of `lines` lines of length `len`; element k of line j is at j*lineStep + k*step. */
function erodeLines(src: Uint8Array, dst: Uint8Array, lines: number, len: number, lineStep: number, step: number, r: number): void {
  for (let j = 0; j < lines; j++) {
    const base = j * lineStep;
    let lastZero = -Infinity;
    for (let k = 0; k < len; k++) {
      const i = base + k * step;
      if (!src[i]) lastZero = k;
      dst[i] = k - lastZero <= r ? 0 : 1;
    }
    let nextZero = Infinity;
    for (let k = len - 1; k >= 0; k--) {
      const i = base + k * step;
      if (!src[i]) nextZero = k;
      if (nextZero - k <= r) dst[i] = 0;
    }
  }
}

/** Fills every background region not connected to the image border. */
export function fillHoles(m: Mask): void {
  const { width: w, height: h, data } = m;
  const seen = new Uint8Array(w * h), stack: number[] = [];
  const push = (i: number) => { if (!seen[i] && !data[i]) { seen[i] = 1; stack.push(i); } };
  for (let x = 0; x < w; x++) { push(x); push((h - 1) * w + x); }
  for (let y = 0; y < h; y++) { push(y * w); push(y * w + w - 1); }
  while (stack.length) {
    const i = stack.pop()!, x = i % w, y = (i - x) / w;
    if (x > 0) push(i - 1);
    if (x < w - 1) push(i + 1);
    if (y > 0) push(i - w);
    if (y < h - 1) push(i + w);
  }
  for (let i = 0; i < data.length; i++) if (!data[i] && !seen[i]) data[i] = 1;
}

/** Labels 4-connected components; returns labels (0 = background) and each component's area. */
export function labelComponents(m: Mask): { labels: Int32Array; areas: number[] } {
  const { width: w, height: h, data } = m;
  const labels = new Int32Array(w * h), areas = [0], stack: number[] = [];
  for (let s = 0; s < data.length; s++) {
    if (!data[s] || labels[s]) continue;
    const id = areas.length;
    let area = 0;
    labels[s] = id; stack.push(s);
    while (stack.length) {
      const i = stack.pop()!, x = i % w;
      area++;
      const nb = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i >= w ? i - w : -1, i + w < w * h ? i + w : -1];
      for (const j of nb) if (j >= 0 && data[j] && !labels[j]) { labels[j] = id; stack.push(j); }
    }
    areas.push(area);
  }
  return { labels, areas };
}

/**
 * Keeps components at least `minFraction` of the image and `minOfLargest` of the largest one (the
 * fingers of one hand are of similar size; border slivers and specks are not).
 */
export function keepLargeComponents(m: Mask, minFraction: number, minOfLargest: number): Mask {
  const { labels, areas } = labelComponents(m);
  const min = Math.max(minFraction * m.data.length, minOfLargest * Math.max(...areas));
  const out: Mask = { width: m.width, height: m.height, data: new Uint8Array(m.data.length) };
  for (let i = 0; i < labels.length; i++) if (labels[i] && areas[labels[i]] >= min) out.data[i] = 1;
  return out;
}
