// Test fixtures made here: synthetic ridge patterns with planted minutiae. A plane wave of ridges
// plus one spiral phase term per minutia (Larkin & Fletcher's phase model of fingerprints): each
// spiral creates exactly one ridge ending or bifurcation at its centre.
import type { FingerTemplate, GrayImage, Minutia } from '../src/index.ts';

export interface Planted { x: number; y: number }

export function ridgeImage(opts: { width?: number; height?: number; period?: number; angle?: number; minutiae?: Planted[]; noise?: number; seed?: number } = {}): GrayImage {
  const w = opts.width ?? 320, h = opts.height ?? 320, period = opts.period ?? 9;
  const angle = opts.angle ?? 0.3; const planted = opts.minutiae ?? [];
  const kx = (2 * Math.PI / period) * Math.cos(angle), ky = (2 * Math.PI / period) * Math.sin(angle);
  let s = opts.seed ?? 7;
  const rand = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let phase = kx * x + ky * y;
      planted.forEach((m, i) => { phase += (i % 2 ? -1 : 1) * Math.atan2(y - m.y, x - m.x); });
      // A soft elliptical finger on a light background.
      const ex = (x - w / 2) / (w * 0.46), ey = (y - h / 2) / (h * 0.46);
      const inside = Math.max(0, Math.min(1, (1 - Math.hypot(ex, ey)) * 8));
      const v = 128 + inside * (100 * Math.cos(phase) + (opts.noise ?? 0) * (rand() - 0.5)) + (1 - inside) * 100;
      data[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width: w, height: h, data };
}

/** Rotates an image by 90° clockwise (exact, no interpolation). */
export function rotate90(img: GrayImage): GrayImage {
  const { width: w, height: h } = img; const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + (h - 1 - y)] = img.data[y * w + x];
  return { width: h, height: w, data: out };
}

/** A random but plausible template: minutiae spread over a finger-sized area. */
export function randomTemplate(seed: number, n = 35): FingerTemplate {
  let s = seed;
  const r = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
  const minutiae: Minutia[] = [];
  while (minutiae.length < n) {
    const m: Minutia = { x: 40 + r() * 240, y: 40 + r() * 320, angle: r() * 2 * Math.PI, type: r() < 0.5 ? 'ending' : 'bifurcation', quality: 50 + Math.round(r() * 50) };
    if (minutiae.every((o) => Math.hypot(o.x - m.x, o.y - m.y) > 14)) minutiae.push(m);
  }
  return { version: 1, width: 320, height: 400, dpi: 500, minutiae };
}

/** Rotates the template by `rot` about (cx, cy), shifts it, and jitters positions by up to `jitter` pixels. */
export function transform(t: FingerTemplate, rot: number, dx: number, dy: number, jitter = 0, seed = 3): FingerTemplate {
  let s = seed;
  const r = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff - 0.5; };
  const c = Math.cos(rot), sn = Math.sin(rot); const cx = 160, cy = 200;
  return {
    ...t,
    minutiae: t.minutiae.map((m) => ({
      ...m,
      x: c * (m.x - cx) - sn * (m.y - cy) + cx + dx + jitter * r(),
      y: sn * (m.x - cx) + c * (m.y - cy) + cy + dy + jitter * r(),
      angle: (((m.angle + rot) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI),
    })),
  };
}
