// Synthetic finger photos for the contactless tests: a flat ridge pattern (a contact print at
// 500 ppi, with minutiae made by phase singularities) "photographed" in software: mirrored,
// rotated, scaled, keystoned, blurred, unevenly lit, on a skin-coloured background.
import type { RgbImage } from '../src/contactless/index.ts';

export const FLAT_PERIOD = 9; // pixels at 500 ppi

export interface FlatPattern { width: number; height: number; value(x: number, y: number): number }

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whorl-like pattern: circular rings of period FLAT_PERIOD around a core, with a dozen
 * phase singularities (each adds or ends a ridge: a minutia). value = 1 on ridge crests, −1 in valleys.
 */
export function flatPattern(seed: number, width = 320, height = 440): FlatPattern {
  const r = rng(seed);
  const cx = width * (0.42 + 0.16 * r()), cy = height * (0.38 + 0.1 * r());
  const sing: { x: number; y: number; s: number }[] = [];
  for (let i = 0; i < 14; i++) sing.push({ x: width * (0.15 + 0.7 * r()), y: height * (0.12 + 0.75 * r()), s: r() < 0.5 ? 1 : -1 });
  return {
    width, height,
    value(x, y) {
      let phase = (2 * Math.PI * Math.hypot(x - cx, y - cy)) / FLAT_PERIOD;
      for (const s of sing) phase += s.s * Math.atan2(y - s.y, x - s.x);
      return Math.cos(phase);
    },
  };
}

/** Is flat point (x, y) on the fingertip: a rounded top, straight sides running on down the finger. */
export function onFinger(p: FlatPattern, x: number, y: number): boolean {
  const half = p.width * 0.47, cx = p.width / 2, top = p.height * 0.02, capH = p.width * 0.55;
  if (Math.abs(x - cx) > half || y < top) return false;
  if (y > top + capH) return true;
  const ex = (x - cx) / half, ey = (y - (top + capH)) / capH;
  return ex * ex + ey * ey <= 1;
}

export interface PhotoSpec {
  width?: number; height?: number;
  /** Direction the finger points in the photo, degrees (0 = up, 90 = right). */
  angle?: number;
  /** Photo pixels per flat (500 ppi) pixel. */
  scale?: number;
  /** Tip position in the photo, fraction of width/height. */
  tipAt?: [number, number];
  blur?: number;
  /** Keystone: relative change of scale from top to bottom of the photo. */
  keystone?: number;
  /** Multiplies all light. */
  exposure?: number;
  ridgesBright?: boolean;
  background?: [number, number, number];
  noise?: number;
  seed?: number;
  /**
   * Wrap the flat pattern round a cylinder as a real finger pad is: the camera sees lateral
   * arc length a at R·sin(a/R), R = (flat half-width)·2/π, so the pad's sides are foreshortened.
   */
  cylinder?: boolean;
}

/** Renders one or more fingers; each finger is a flat pattern placed by its own spec. */
export function photograph(fingers: { pattern: FlatPattern; spec: PhotoSpec }[], common: PhotoSpec = {}): RgbImage {
  const W = common.width ?? 900, H = common.height ?? 700;
  const bg = common.background ?? [196, 146, 122];
  const light = new Float32Array(W * H), skin = new Int8Array(W * H).fill(-1), ridge = new Float32Array(W * H);
  fingers.forEach(({ pattern, spec }, fi) => {
    const s0 = spec.scale ?? 11 / FLAT_PERIOD, a = ((spec.angle ?? 0) * Math.PI) / 180;
    const [tx, ty] = spec.tipAt ?? [0.5, 0.15];
    const dirx = Math.sin(a), diry = -Math.cos(a); // finger direction in the photo
    const rx = -diry, ry = dirx; // photo "right" of an upright finger
    const tipFlat = { x: pattern.width / 2, y: pattern.height * 0.02 };
    const ks = common.keystone ?? spec.keystone ?? 0;
    const cyl = common.cylinder ?? spec.cylinder ?? false;
    for (let Y = 0; Y < H; Y++) {
      const s = s0 * (1 + ks * (Y / H - 0.5));
      for (let X = 0; X < W; X++) {
        const px = X - tx * W, py = Y - ty * H;
        let u = (px * rx + py * ry) / s;
        const v = -(px * dirx + py * diry) / s;
        if (cyl) {
          const R = (pattern.width * 0.47 * 2) / Math.PI;
          if (Math.abs(u) >= R) continue;
          u = R * Math.asin(u / R);
        }
        // The photo sees the finger pad from the camera side: mirror of the contact print.
        const fx = tipFlat.x - u, fy = tipFlat.y + v;
        if (!onFinger(pattern, fx, fy)) continue;
        const i = Y * W + X;
        skin[i] = fi;
        ridge[i] = pattern.value(fx, fy);
      }
    }
  });
  const r = rng(common.seed ?? 7), exposure = common.exposure ?? 1, noise = common.noise ?? 4;
  for (let Y = 0; Y < H; Y++) for (let X = 0; X < W; X++) {
    // Uneven light: brighter towards the top left, as from a lamp to one side.
    light[Y * W + X] = exposure * (0.65 + 0.45 * (1 - (0.6 * X) / W - (0.4 * Y) / H));
  }
  const sign = common.ridgesBright === false ? -1 : 1;
  const rgb = new Float32Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const L = light[i];
    let c: number[];
    if (skin[i] < 0) c = bg;
    else {
      // Ridges as narrower bright crests over wider dark valleys would be the reverse; ridges here
      // are wider (60% duty), as on real skin.
      const m = sign * (ridge[i] > -0.3 ? 1 : -1) * 0.5 + 0.5 * sign * ridge[i];
      c = [205 + 30 * m, 160 + 30 * m, 140 + 30 * m];
    }
    for (let k = 0; k < 3; k++) rgb[3 * i + k] = c[k] * L;
  }
  const blurred = blurRgb(rgb, W, H, common.blur ?? 1.0);
  const out = new Uint8Array(W * H * 3);
  for (let i = 0; i < out.length; i++) {
    const v = blurred[i] + noise * (r() + r() + r() - 1.5);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return { width: W, height: H, data: out, channels: 3 };
}

function blurRgb(src: Float32Array, W: number, H: number, sigma: number): Float32Array {
  if (sigma <= 0) return src;
  const rad = Math.ceil(3 * sigma), k: number[] = [];
  let sum = 0;
  for (let i = -rad; i <= rad; i++) { const v = Math.exp(-(i * i) / (2 * sigma * sigma)); k.push(v); sum += v; }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  const tmp = new Float32Array(src.length), out = new Float32Array(src.length);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) {
    let acc = 0;
    for (let i = -rad; i <= rad; i++) acc += k[i + rad] * src[3 * (y * W + Math.min(W - 1, Math.max(0, x + i))) + c];
    tmp[3 * (y * W + x) + c] = acc;
  }
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) {
    let acc = 0;
    for (let i = -rad; i <= rad; i++) acc += k[i + rad] * tmp[3 * (Math.min(H - 1, Math.max(0, y + i)) * W + x) + c];
    out[3 * (y * W + x) + c] = acc;
  }
  return out;
}

/** The flat pattern as a contact print (ridges dark) for comparison, 0..255. */
export function flatPrint(p: FlatPattern): { width: number; height: number; data: Float32Array } {
  const data = new Float32Array(p.width * p.height);
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) data[y * p.width + x] = 128 - 100 * p.value(x, y);
  return { width: p.width, height: p.height, data };
}

/**
 * Best normalised cross-correlation of a print's centre window against the flat print over
 * shifts and small rotations; returns the score and the rotation (degrees) where it peaked.
 */
export function bestAlignment(print: { width: number; height: number; data: Uint8Array }, flat: { width: number; height: number; data: Float32Array },
  opts: { shift?: number; window?: number; angles?: number[] } = {}): { ncc: number; angle: number; dx: number; dy: number } {
  const win = opts.window ?? 120, maxShift = opts.shift ?? 80, angles = opts.angles ?? [-8, -4, 0, 4, 8];
  // Window centred where the print's tip region sits: 45% down the fingertip.
  const pcx = print.width / 2, pcy = Math.min(print.height - win / 2 - 1, print.height * 0.45);
  let best = { ncc: -1, angle: 0, dx: 0, dy: 0 };
  for (const deg of angles) {
    const t = (deg * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
    const a: number[] = [];
    const pts: [number, number][] = [];
    for (let y = -win / 2; y < win / 2; y += 2) for (let x = -win / 2; x < win / 2; x += 2) {
      const X = Math.round(pcx + c * x - s * y), Y = Math.round(pcy + s * x + c * y);
      if (X < 0 || Y < 0 || X >= print.width || Y >= print.height) continue;
      a.push(print.data[Y * print.width + X]); pts.push([x, y]);
    }
    const ma = a.reduce((p, v) => p + v, 0) / a.length;
    const za = a.map((v) => v - ma);
    const na = Math.sqrt(za.reduce((p, v) => p + v * v, 0));
    for (let dy = -maxShift; dy <= maxShift; dy += 2) for (let dx = -maxShift; dx <= maxShift; dx += 2) {
      const fcx = flat.width / 2 + dx, fcy = flat.height * 0.45 + dy;
      let sb = 0, sbb = 0, sab = 0, n = 0;
      for (let k = 0; k < pts.length; k++) {
        const X = Math.round(fcx + pts[k][0]), Y = Math.round(fcy + pts[k][1]);
        if (X < 0 || Y < 0 || X >= flat.width || Y >= flat.height) continue;
        const b = flat.data[Y * flat.width + X];
        sb += b; sbb += b * b; sab += za[k] * b; n++;
      }
      if (n < pts.length * 0.9) continue;
      const vb = sbb - (sb * sb) / n;
      const ncc = sab / (na * Math.sqrt(vb) + 1e-9);
      if (ncc > best.ncc) best = { ncc, angle: deg, dx, dy };
    }
  }
  return best;
}

/** The flat pattern as an 8-bit contact print: ridges dark inside the finger outline, white outside. */
export function flatGray(p: FlatPattern): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(p.width * p.height);
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) {
    data[y * p.width + x] = onFinger(p, x, y) ? Math.round(128 - 100 * p.value(x, y)) : 255;
  }
  return { width: p.width, height: p.height, data };
}
