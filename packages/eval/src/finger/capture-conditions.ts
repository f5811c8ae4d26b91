// Capture conditions for robustness evaluation: pure transforms of a decoded fingerprint image that
// stand in for prints from another scanner, another resolution, another placement. The engine's
// parameters were tuned on four FVC2002 sets; these show how its accuracy moves when the input
// departs from them in one known way at a time (`candor eval finger-robustness`).
import type { GrayImage } from '@candor/finger';
import { gauss, rng } from './synthetic.ts';

/** An image and the resolution its capture declares (ppi). */
export interface Capture { image: GrayImage; dpi: number }

export interface Condition {
  name: string;
  /** What it stands for, for the report. */
  about: string;
  /** `seed` makes random conditions reproducible per image. */
  apply(c: Capture, seed: number): Capture;
}

/** The light background a scanner shows where no finger touches: the image's 95th-percentile gray. */
function background(img: GrayImage): number {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]++;
  let n = 0; const want = 0.95 * img.data.length;
  for (let v = 0; v < 256; v++) { n += hist[v]; if (n >= want) return v; }
  return 255;
}

/** Bilinear sample at (x, y), `fill` outside the image. */
function sample(img: GrayImage, x: number, y: number, fill: number): number {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= img.width - 1 || y0 >= img.height - 1) {
    const xi = Math.round(x), yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < img.width && yi < img.height ? img.data[yi * img.width + xi] : fill;
  }
  const fx = x - x0, fy = y - y0, w = img.width, d = img.data, o = y0 * w + x0;
  const top = d[o] + fx * (d[o + 1] - d[o]), bottom = d[o + w] + fx * (d[o + w + 1] - d[o + w]);
  return top + fy * (bottom - top);
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * Turned by `degrees` about its centre onto a canvas large enough to hold the whole turned image, the
 * corners filled with the background gray (a finger placed at an angle). Multiples of 90° are exact
 * pixel moves, with no interpolation.
 */
export function rotate(img: GrayImage, degrees: number): GrayImage {
  const quarter = ((Math.round(degrees / 90) % 4) + 4) % 4;
  if (Math.abs(degrees - 90 * Math.round(degrees / 90)) < 1e-9) return rotateQuarter(img, quarter);
  const a = (degrees * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const W = Math.ceil(Math.abs(c) * img.width + Math.abs(s) * img.height), H = Math.ceil(Math.abs(s) * img.width + Math.abs(c) * img.height);
  const fill = background(img), out = new Uint8Array(W * H);
  const cx = (img.width - 1) / 2, cy = (img.height - 1) / 2, CX = (W - 1) / 2, CY = (H - 1) / 2;
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      // Inverse map: where this output pixel came from.
      const dx = X - CX, dy = Y - CY;
      out[Y * W + X] = clamp(sample(img, c * dx + s * dy + cx, -s * dx + c * dy + cy, fill));
    }
  }
  return { width: W, height: H, data: out };
}

/** Clockwise quarter turns (on screen: +x right, +y down). */
function rotateQuarter(img: GrayImage, q: number): GrayImage {
  if (q === 0) return { ...img, data: img.data.slice() };
  const { width: w, height: h, data } = img;
  const W = q % 2 ? h : w, H = q % 2 ? w : h, out = new Uint8Array(W * H);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [X, Y] = q === 1 ? [h - 1 - y, x] : q === 2 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      out[Y * W + X] = data[y * w + x];
    }
  }
  return { width: W, height: H, data: out };
}

/**
 * Resampled by `factor` (0.8: the same finger captured at 80% of the resolution). Shrinking averages
 * each output pixel's footprint (a sensor's pixels integrate light over their area; plain bilinear
 * sampling would alias the ridges), enlarging interpolates bilinearly.
 */
export function resample(img: GrayImage, factor: number): GrayImage {
  const W = Math.max(1, Math.round(img.width * factor)), H = Math.max(1, Math.round(img.height * factor));
  const out = new Uint8Array(W * H);
  const step = 1 / factor;
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      if (factor >= 1) {
        // Pixel centres mapped back, held inside the source (its edge pixels extend outwards).
        const x = Math.min(img.width - 1, Math.max(0, (X + 0.5) * step - 0.5)), y = Math.min(img.height - 1, Math.max(0, (Y + 0.5) * step - 0.5));
        out[Y * W + X] = clamp(sample(img, x, y, 0));
        continue;
      }
      // Box footprint [x0, x1) × [y0, y1) in source pixels, partial pixels weighted by their overlap.
      const x0 = X * step, x1 = x0 + step, y0 = Y * step, y1 = y0 + step;
      let sum = 0, area = 0;
      for (let y = Math.floor(y0); y < Math.min(img.height, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(img.width, Math.ceil(x1)); x++) {
          const wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          sum += wgt * img.data[y * img.width + x]; area += wgt;
        }
      }
      out[Y * W + X] = clamp(sum / Math.max(area, 1e-9));
    }
  }
  return { width: W, height: H, data: out };
}

/** Each gray level mapped through a curve (a scanner with another tone response). */
export function mapLevels(img: GrayImage, f: (v: number) => number): GrayImage {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = clamp(f(v));
  return { ...img, data: img.data.map((v) => lut[v]) };
}

/** Additive Gaussian noise of standard deviation `sigma` gray levels (sensor noise), reproducible by `seed`. */
export function noise(img: GrayImage, sigma: number, seed: number): GrayImage {
  const r = rng(seed);
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = clamp(img.data[i] + sigma * gauss(r));
  return { ...img, data };
}

/** Gaussian blur of `sigma` pixels, separable, edges clamped (defocus, a worn platen). */
export function blur(img: GrayImage, sigma: number): GrayImage {
  const rad = Math.max(1, Math.ceil(3 * sigma)), k = new Float64Array(2 * rad + 1);
  let s = 0;
  for (let i = -rad; i <= rad; i++) { k[i + rad] = Math.exp(-(i * i) / (2 * sigma * sigma)); s += k[i + rad]; }
  for (let i = 0; i < k.length; i++) k[i] /= s;
  const { width: w, height: h } = img, tmp = new Float64Array(w * h), out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let i = -rad; i <= rad; i++) v += k[i + rad] * img.data[y * w + Math.min(w - 1, Math.max(0, x + i))];
      tmp[y * w + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let i = -rad; i <= rad; i++) v += k[i + rad] * tmp[Math.min(h - 1, Math.max(0, y + i)) * w + x];
      out[y * w + x] = clamp(v);
    }
  }
  return { width: w, height: h, data: out };
}

function mean(img: GrayImage): number { let s = 0; for (const v of img.data) s += v; return s / Math.max(1, img.data.length); }

/** The conditions `eval finger-robustness` runs by default, each one change from the original capture. */
export const CONDITIONS: Condition[] = [
  { name: 'rotate-90', about: 'finger placed a quarter turn round (exact pixel move)', apply: (c) => ({ ...c, image: rotate(c.image, 90) }) },
  { name: 'rotate-180', about: 'finger placed upside down (exact pixel move)', apply: (c) => ({ ...c, image: rotate(c.image, 180) }) },
  { name: 'rotate-30', about: 'finger placed at 30°, interpolated', apply: (c) => ({ ...c, image: rotate(c.image, 30) }) },
  { name: 'scale-0.8', about: 'captured at 80% of the resolution, declared correctly (e.g. 400 instead of 500 ppi)', apply: (c) => ({ image: resample(c.image, 0.8), dpi: c.dpi * 0.8 }) },
  { name: 'scale-1.25', about: 'captured at 125% of the resolution, declared correctly', apply: (c) => ({ image: resample(c.image, 1.25), dpi: c.dpi * 1.25 }) },
  { name: 'dpi-0.9', about: 'resolution declared 10% too low (the print is read 11% too large)', apply: (c) => ({ ...c, dpi: c.dpi * 0.9 }) },
  { name: 'dpi-1.1', about: 'resolution declared 10% too high (the print is read 9% too small)', apply: (c) => ({ ...c, dpi: c.dpi * 1.1 }) },
  { name: 'gamma-0.6', about: 'lighter tone curve', apply: (c) => ({ ...c, image: mapLevels(c.image, (v) => 255 * (v / 255) ** 0.6) }) },
  { name: 'gamma-1.6', about: 'darker tone curve', apply: (c) => ({ ...c, image: mapLevels(c.image, (v) => 255 * (v / 255) ** 1.6) }) },
  { name: 'contrast-0.4', about: 'contrast cut to 40% about the mean gray', apply: (c) => { const m = mean(c.image); return { ...c, image: mapLevels(c.image, (v) => m + 0.4 * (v - m)) }; } },
  { name: 'noise-12', about: 'Gaussian sensor noise, σ 12 gray levels', apply: (c, seed) => ({ ...c, image: noise(c.image, 12, seed) }) },
  { name: 'blur-1', about: 'Gaussian blur, σ 1 px', apply: (c) => ({ ...c, image: blur(c.image, 1) }) },
];
