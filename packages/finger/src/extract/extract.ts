// Extraction pipeline, top to bottom: resample → orientation → segment → period → enhance →
// thin ridges (endings) and valleys (bifurcations) → detect → clean → rank; the coarse ridge field
// comes from the orientation and segmentation stages. Each stage is a pure function over typed arrays.
import { decodeFingerImage } from '../decode/index.ts';
import { FingerError } from '../errors.ts';
import { params } from '../params.ts';
import { TEMPLATE_VERSION } from '../template/binary.ts';
import type { ExtractOptions, Extraction, GrayImage, Minutia } from '../types.ts';
import { removeSmallComponents } from './clean.ts';
import { normaliseContrast } from './contrast.ts';
import { enhanceAndBinarize } from './enhance.ts';
import { removeFalseMinutiae } from './filter.ts';
import { ridgePeriod } from './frequency.ts';
import { type BlockGrid, blockGrid } from './grid.ts';
import { detectMinutiae, type RawMinutia } from './minutiae.ts';
import { type OrientationField, orientationField } from './orientation.ts';
import { assessQuality } from './quality.ts';
import { resample } from './resample.ts';
import { ridgeField } from './ridge-field.ts';
import { segment } from './segment.ts';
import { thin } from './thin.ts';
import { valleyBifurcations } from './valleys.ts';

/** Extracts a template from an 8-bit gray image at `opts.dpi` (default 500). Throws FingerError. */
export function extractFromGray(input: GrayImage, opts: ExtractOptions = {}): Extraction {
  const dpi = opts.dpi ?? params.targetDpi;
  if (!(dpi >= 100 && dpi <= 2000)) throw new FingerError('UNSUPPORTED_FORMAT', `resolution ${dpi} ppi is out of range`);
  if (input.data.length !== input.width * input.height) throw new FingerError('IMAGE_CORRUPT', 'pixel buffer does not match dimensions');
  const img = normaliseContrast(resample(input, dpi, params.targetDpi));
  const { width: w, height: h } = img;
  const grid = blockGrid(w, h, params.blockSize);
  const field = orientationField(img, grid);
  const seg = segment(img, field);
  if (seg.area < params.minForegroundArea) throw new FingerError('NOT_A_FINGERPRINT', 'no ridge pattern found in the image');
  const period = ridgePeriod(img, field, seg.mask);
  const fg = pixelMask(seg.mask, grid, w, h);
  const maskAt = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < w && y < h && fg[y * w + x] === 1;
  const enhanced = enhanceAndBinarize(img, field, period, seg.mask, seg.variance);
  const ridges = removeSmallComponents(enhanced.ridges, w, h, fg);
  // A minutia closer than the margin to the foreground edge is most likely a ridge cut by the edge.
  const nearBorder = (x: number, y: number): boolean => {
    for (let k = 0; k < 16; k++) {
      const a = (k * Math.PI) / 8;
      if (!maskAt(Math.round(x + params.borderMargin * Math.cos(a)), Math.round(y + params.borderMargin * Math.sin(a)))) return true;
    }
    return false;
  };
  const bifurcations = valleyBifurcations(ridges, w, h, fg, nearBorder);
  const endings = removeFalseMinutiae(detectMinutiae(thin(ridges, w, h), w, h, fg), w, nearBorder).filter((m) => m.type === 'ending');
  const raw = [...endings, ...bifurcations];
  const minutiae = rank(raw.map((m) => finish(m, field, seg.variance, enhanced.clarity)));
  let coh = 0, cnt = 0, contrast = 0;
  for (let i = 0; i < seg.mask.length; i++) if (seg.mask[i]) { coh += field.coherence[i]; contrast += Math.sqrt(Math.max(0, seg.variance[i])); cnt++; }
  const quality = assessQuality({ area: seg.area, meanCoherence: coh / Math.max(1, cnt), contrast: contrast / Math.max(1, cnt), minutiae: minutiae.length });
  if (minutiae.length < params.minTemplateMinutiae) throw new FingerError('TOO_FEW_MINUTIAE', `only ${minutiae.length} minutiae found`);
  const flow = ridgeField(field, seg.mask, grid);
  return { template: { version: TEMPLATE_VERSION, width: w, height: h, dpi: params.targetDpi, minutiae, field: flow }, quality };
}

/** Decodes and extracts. Throws FingerError with a typed code on bad input. */
export function extractFingerprint(bytes: Uint8Array, opts: ExtractOptions = {}): Extraction {
  return extractFromGray(decodeFingerImage(bytes), opts);
}

/** The block mask at pixel level (1 = foreground), read directly by the per-pixel stages. */
function pixelMask(mask: Uint8Array, grid: BlockGrid, w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h); const B = grid.size;
  for (let y = 0; y < h; y++) {
    const row = ((y / B) | 0) * grid.cols;
    for (let bx = 0; bx < grid.cols; bx++) if (mask[row + bx]) px.fill(1, y * w + bx * B, y * w + Math.min(w, (bx + 1) * B));
  }
  return px;
}

/** Direction snapped to the smoothed orientation field (less noisy than the short trace), keeping the trace's sense. */
function finish(m: RawMinutia, field: OrientationField, variance: Float32Array, ridgeClarity: Float32Array): Minutia {
  const g = field.grid; const bi = ((m.y / g.size) | 0) * g.cols + ((m.x / g.size) | 0);
  let a = field.angle[bi];
  if (Math.cos(a - m.angle) < 0) a += Math.PI;
  // Keep the trace's own direction where the field and the trace disagree strongly (high curvature).
  if (Math.cos(a - m.angle) < Math.cos(params.snapTolerance)) a = m.angle;
  a = ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  const clarity = Math.min(1, ridgeClarity[bi] / params.goodRidgeClarity);
  const contrast = Math.min(1, Math.sqrt(Math.max(0, variance[bi])) / params.goodContrast);
  return { x: m.x, y: m.y, angle: a, type: m.type, quality: Math.round(100 * clarity * Math.sqrt(contrast)) };
}

function rank(ms: Minutia[]): Minutia[] {
  // Minutiae in unclear or faint regions are more often artefacts than features.
  return ms.filter((m) => m.quality >= params.minMinutiaQuality).sort((a, b) => b.quality - a.quality).slice(0, params.maxMinutiae);
}
