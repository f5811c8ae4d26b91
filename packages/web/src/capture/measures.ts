// Simple image measures on luma, computed on-device for every preview frame. Pure functions over
// typed arrays so they are unit-tested in Node and run in the browser on canvas pixels.

export interface Luma { width: number; height: number; data: Uint8Array }
export interface Region { x: number; y: number; width: number; height: number }

/** Rec. 601 luma from RGBA pixels (canvas ImageData layout). */
export function lumaFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Luma {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    data[i] = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8;
  }
  return { width, height, data };
}

export function centreRegion(l: Luma, fraction: number): Region {
  const width = Math.max(1, Math.round(l.width * fraction));
  const height = Math.max(1, Math.round(l.height * fraction));
  return { x: (l.width - width) >> 1, y: (l.height - height) >> 1, width, height };
}

/** Mean luma (0..255) inside a region. */
export function brightness(l: Luma, r: Region = full(l)): number {
  let sum = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    const row = y * l.width;
    for (let x = r.x; x < r.x + r.width; x++) sum += l.data[row + x];
  }
  return sum / (r.width * r.height);
}

/**
 * Focus measure: variance of the 4-neighbour Laplacian inside a region. Blur removes the high
 * frequencies the Laplacian responds to, so the variance falls sharply when out of focus or moving.
 */
export function sharpness(l: Luma, r: Region = full(l)): number {
  const x0 = Math.max(1, r.x), x1 = Math.min(l.width - 1, r.x + r.width);
  const y0 = Math.max(1, r.y), y1 = Math.min(l.height - 1, r.y + r.height);
  let n = 0, sum = 0, sumSq = 0;
  const d = l.data, w = l.width;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * w + x;
      const v = d[i - 1] + d[i + 1] + d[i - w] + d[i + w] - 4 * d[i];
      sum += v; sumSq += v * v; n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Mean absolute luma difference between two frames of the same size (camera or subject motion). */
export function motion(a: Luma, b: Luma): number {
  if (a.data.length !== b.data.length) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

function full(l: Luma): Region { return { x: 0, y: 0, width: l.width, height: l.height }; }
