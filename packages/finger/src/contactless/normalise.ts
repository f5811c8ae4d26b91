// Turns one fingertip of a photo into a contact-like print: upright, 500 ppi from its ridge
// period, best colour channel, illumination flattened, ridges dark, contrast equalised, mirrored.
import { channelImage, isGrey, ridgeVisibility, type RidgeChannel } from './channel.ts';
import { clahe } from './clahe.ts';
import { ContactlessError } from './errors.ts';
import { bandPass, downscale, gaussianBlur, warpAffine, warpMask, type Affine } from './imageops.ts';
import { params } from './parameters.ts';
import { measureQuality } from './quality.ts';
import { estimateRidges } from './ridges.ts';
import { spectralPeriodMulti } from './spectrum.ts';
import type { CaptureQuality, FloatImage, Fingertip, GrayImage, Mask, RgbImage } from './types.ts';

export interface NormaliseOptions {
  /** Flip left-right so the print reads like a contact impression (default true). */
  mirror?: boolean;
  /** Which phase of the photo are ridges; 'auto' decides from the profile's asymmetry. */
  polarity?: 'auto' | 'ridges-bright' | 'ridges-dark';
  /**
   * Resolution of the photo at the finger, when the device knows it (a fixed-focus reader or a
   * calibrated phone distance): used instead of the ridge-period estimate, whose ±5% noise
   * between captures of one finger costs matching accuracy.
   */
  ppi?: number;
  /**
   * Unroll the finger as a cylinder (radius = half its width): a camera sees the pad's sides
   * foreshortened, a rolled contact print does not. On by default; never applied to crops (a
   * reader's output is already flat).
   */
  unroll?: boolean;
}

/**
 * A fingertip as a contact-like print. It is itself a `GrayImage` (width/height/data are those of
 * `image`), so it can be handed to anything that takes a grey print, e.g. `extractFromGray`.
 */
export interface ContactlessPrint extends GrayImage {
  /** Contact-like print: 500 ppi, ridges dark, finger pointing up, background white. */
  image: GrayImage;
  /** Where the fingertip is in `image` (1 = skin). */
  mask: Mask;
  ppi: 500;
  quality: CaptureQuality;
  fingertip: Fingertip;
  channel: RidgeChannel;
  /** Ridge period in the photo, pixels. */
  periodPx: number;
  /** Output pixels per photo pixel, and what it was derived from. */
  scale: number;
  scaleSource: 'ridges' | 'width' | 'ppi' | 'burst';
  inverted: boolean;
  mirrored: boolean;
}

export interface PhotoContext {
  rgb: RgbImage;
  luma: FloatImage;
  /** Analysis-scale skin mask and its factor (photo pixels per mask pixel). */
  mask: Mask;
  factor: number;
}

export function normaliseFingertip(ctx: PhotoContext, tip: Fingertip, opts: NormaliseOptions = {}): ContactlessPrint {
  const margin = 0.08 * tip.width;
  const spanW = 1.15 * tip.width, spanH = tip.length + margin;
  // First look at native scale (capped, so a 12 MP close-up stays cheap) to measure ridges.
  const k0 = Math.min(1, 640 / spanW);
  const W0 = Math.ceil(spanW * k0), H0 = Math.ceil(spanH * k0);
  const m0 = cropAffine(tip, k0, W0, margin, false);
  const crop0 = warpAffine(ctx.luma, W0, H0, m0, NaN);
  const mask0 = cropMask(ctx, m0, W0, H0, crop0);
  const centre = { x: W0 / 2, y: (margin + 0.45 * tip.length) * k0, radius: 0.35 * tip.width * k0 };
  const filled0 = fillNaN(crop0);
  const ridges = estimateRidges(filled0, mask0, centre);
  if (ridges.coherence < params.ridge.minFingerCoherence) throw new ContactlessError('NO_FINGER', 'no ridge pattern where a finger was expected');
  if (tip.width < params.output.minFingerWidthPx) throw new ContactlessError('FINGER_TOO_SMALL', 'the fingertip is too small in the photo: move closer');
  const n = patchSize(Math.min(W0, H0));
  const off = 0.18 * tip.width * k0;
  const centres = [centre, { x: centre.x - off, y: centre.y }, { x: centre.x + off, y: centre.y }, { x: centre.x, y: centre.y - off }, { x: centre.x, y: centre.y + off }];
  const spectral = spectralPeriodMulti(filled0, mask0, centres, n, params.ridge.minPeriodPx, params.ridge.maxPeriodPx);
  // The spectrum's ring is the estimate; block profiles (biased long by missed peaks on faint
  // ridges) are only the fallback.
  const period0 = Number.isFinite(spectral) ? spectral : ridges.period;
  if (!Number.isFinite(period0)) throw new ContactlessError('NO_RIDGES', 'ridges are not measurable (blurred or too small)');
  const periodPx = period0 / k0;
  const quality = measureQuality(filled0, mask0, period0, k0, tip, ctx);

  const kWidth = (params.scale.fingerWidthMm / 25.4) * 500 / tip.width;
  let scale = opts.ppi ? 500 / opts.ppi : params.ridge.periodAt500 / periodPx;
  let scaleSource: 'ridges' | 'width' | 'ppi' = opts.ppi ? 'ppi' : 'ridges';
  // The width is only a fallback: it varies between people and is cut when the finger fills the frame.
  const across = Math.abs(tip.axis.y) * ctx.rgb.width + Math.abs(tip.axis.x) * ctx.rgb.height;
  const ratio = scale / kWidth;
  if (!opts.ppi && tip.width < 0.9 * across && !(ratio <= params.scale.maxDisagreement && ratio >= 1 / params.scale.maxDisagreement)) {
    scale = kWidth; scaleSource = 'width';
  }

  const channel = chooseChannel(ctx.rgb, m0, W0, H0, mask0, ridges.period);
  const src = channel === 'luma' ? ctx.luma : channelImage(ctx.rgb, channel);
  const mirror = opts.mirror ?? true;
  const W = Math.min(params.output.maxWidth, Math.ceil(spanW * scale));
  const H = Math.min(params.output.maxHeight, Math.ceil(spanH * scale));
  const radius = (opts.unroll ?? true) && !tip.crop ? (scale * tip.width) / 2 : 0; // output pixels
  const columns = radius ? unrollColumns(W, radius) : undefined;
  const print = resampleTo500(src, tip, scale, W, H, margin, mirror, radius);
  const mAff = cropAffine(tip, scale, W, margin, mirror);
  const mask = cropMask(ctx, mAff, W, H, print, columns);
  const filled = fillNaN(print);
  const { image, inverted } = enhance(filled, mask, opts.polarity ?? 'auto');
  return {
    width: W, height: H, data: image,
    image: { width: W, height: H, data: image }, mask, ppi: 500, quality, fingertip: tip, channel,
    periodPx, scale, scaleSource, inverted, mirrored: mirror,
  };
}

/** Largest power of two up to 80% of the crop's short side, between 64 and 256. */
function patchSize(side: number): number {
  let n = 64;
  while (n * 2 <= Math.min(256, 0.8 * side)) n *= 2;
  return n;
}

/** Output pixel (u, v) → photo point, for an upright crop whose top edge is `margin` above the tip. */
export function cropAffine(tip: Fingertip, k: number, W: number, margin: number, mirror: boolean): Affine {
  const a = tip.axis, s = mirror ? -1 : 1;
  const rx = (-a.y * s) / k, ry = (a.x * s) / k;
  const ox = tip.tip.x + margin * a.x, oy = tip.tip.y + margin * a.y;
  return { a: rx, b: -a.x / k, c: ox - (W / 2) * rx, d: ry, e: -a.y / k, f: oy - (W / 2) * ry };
}

/**
 * Output column → column of the flat (camera) view for a cylinder of radius R output pixels: the
 * output measures arc length a from the axis; the camera sees R·sin(a/R).
 */
function unrollColumns(W: number, R: number): Float32Array {
  const cols = new Float32Array(W);
  for (let u = 0; u < W; u++) {
    const a = u - W / 2, t = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, a / R));
    cols[u] = W / 2 + R * Math.sin(t);
  }
  return cols;
}

function cropMask(ctx: PhotoContext, m: Affine, W: number, H: number, pixels: FloatImage, columns?: Float32Array): Mask {
  const f = ctx.factor;
  const toMask: Affine = { a: m.a / f, b: m.b / f, c: m.c / f - 0.5, d: m.d / f, e: m.e / f, f: m.f / f - 0.5 };
  const mask = warpMask(ctx.mask, W, H, toMask, columns);
  for (let i = 0; i < mask.data.length; i++) if (Number.isNaN(pixels.data[i])) mask.data[i] = 0;
  return mask;
}

/** Bilinear resampling; when shrinking by more than 2, sample at twice the size and average. */
function resampleTo500(src: FloatImage, tip: Fingertip, k: number, W: number, H: number, margin: number, mirror: boolean, radius: number): FloatImage {
  if (k >= 0.5) return warpAffine(src, W, H, cropAffine(tip, k, W, margin, mirror), NaN, radius ? unrollColumns(W, radius) : undefined);
  const ss = Math.min(4, Math.ceil(0.5 / k) * 2);
  const bigCols = radius ? unrollColumns(W * ss, radius * ss) : undefined;
  const big = warpAffine(src, W * ss, H * ss, cropAffine(tip, k * ss, W * ss, margin, mirror), NaN, bigCols);
  return downscale(big, ss);
}

function chooseChannel(rgb: RgbImage, m0: Affine, W0: number, H0: number, mask0: Mask, period: number): RidgeChannel {
  if (isGrey(rgb)) return 'luma';
  const names: RidgeChannel[] = ['red', 'green', 'blue', 'luma'];
  const crops = {} as Record<RidgeChannel, FloatImage>;
  for (const ch of names) crops[ch] = fillNaN(warpAffine(channelImage(rgb, ch), W0, H0, m0, NaN));
  const vis = ridgeVisibility(crops, mask0, period);
  return names.reduce((best, ch) => (vis[ch] > vis[best] ? ch : best), 'luma' as RidgeChannel);
}

/** Replaces NaN (outside the photo) by the mean of the rest, so filters see no edge there. */
function fillNaN(img: FloatImage): FloatImage {
  let s = 0, n = 0;
  for (const v of img.data) if (!Number.isNaN(v)) { s += v; n++; }
  const mean = n ? s / n : 0;
  const data = img.data.map((v) => (Number.isNaN(v) ? mean : v));
  return { width: img.width, height: img.height, data };
}

/**
 * Flattens illumination (band-pass at the 500 ppi ridge scale), sets polarity, equalises local
 * contrast, then CLAHE over the fingertip; the background becomes white like an empty platen.
 */
function enhance(img: FloatImage, mask: Mask, polarity: NonNullable<NormaliseOptions['polarity']>): { image: Uint8Array; inverted: boolean } {
  const P = params.ridge.periodAt500;
  const bp = bandPass(img, 0.7, P * 0.6);
  const sq = { width: bp.width, height: bp.height, data: bp.data.map((v) => v * v) };
  const local = gaussianBlur(sq, P * 1.2);
  const inverted = polarity === 'ridges-bright' || (polarity === 'auto' && skewness(bp, mask) < 0);
  const sign = inverted ? -1 : 1;
  const n = bp.data.length, g = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z = (sign * bp.data[i]) / Math.sqrt(local.data[i] + 1e-6);
    const v = 128 + 50 * z;
    g[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  const out = clahe(g, img.width, img.height, params.clahe.tiles, params.clahe.clipLimit, mask);
  for (let i = 0; i < n; i++) if (!mask.data[i]) out[i] = params.output.background;
  return { image: out, inverted };
}

/**
 * Ridges are wider than valleys on a finger, so the ridge phase holds most pixels at a moderate
 * level and the valley phase a few at an extreme one: negative skew means bright ridges.
 */
function skewness(img: FloatImage, mask: Mask): number {
  let n = 0, m = 0;
  for (let i = 0; i < img.data.length; i++) if (mask.data[i]) { m += img.data[i]; n++; }
  if (n < 10) return 0;
  m /= n;
  let m2 = 0, m3 = 0;
  for (let i = 0; i < img.data.length; i++) if (mask.data[i]) { const d = img.data[i] - m; m2 += d * d; m3 += d * d * d; }
  m2 /= n; m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

