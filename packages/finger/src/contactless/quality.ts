// Capture quality of a finger photo, measured on the upright fingertip crop at photo scale:
// focus from ridge contrast, exposure and glare from levels, scale from ridge period and width.
import { bandPass } from './imageops.ts';
import { params } from './parameters.ts';
import type { CaptureIssue, CaptureQuality, FloatImage, Fingertip, Mask, RgbImage } from './types.ts';

/**
 * `crop` is the fingertip at `k` crop pixels per photo pixel and `period` its ridge period in crop
 * pixels. Sharpness is the ridge amplitude over the mean level (a Michelson-like contrast): for a
 * sinusoid of amplitude A and period P the mean gradient magnitude is 4A/P, so A = P·|∇|/4.
 */
export function measureQuality(crop: FloatImage, mask: Mask, period: number, k: number, tip: Fingertip, ctx: { rgb: RgbImage }): CaptureQuality {
  const q = params.quality;
  const bp = bandPass(crop, Math.max(0.5, period / 8), period / 2);
  const w = crop.width, h = crop.height;
  let grad = 0, sum = 0, clipped = 0, dark = 0, n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!mask.data[i]) continue;
      const gx = (bp.data[i + 1] - bp.data[i - 1]) / 2, gy = (bp.data[i + w] - bp.data[i - w]) / 2;
      grad += Math.hypot(gx, gy);
      const v = crop.data[i];
      sum += v; n++;
      if (v >= 250) clipped++;
      if (v <= 15) dark++;
    }
  }
  const brightness = n ? sum / n : 0;
  const amplitude = n ? ((grad / n) * period) / 4 : 0;
  const sharpness = brightness > 1 ? Math.min(1, amplitude / brightness) : 0;
  const periodPx = period / k;
  const measures = {
    sharpness, brightness, clipped: n ? clipped / n : 0, dark: n ? dark / n : 0,
    ridgePeriodPx: periodPx, fingerWidthPx: tip.width,
    coverage: Math.min(1, (tip.width * tip.length) / (ctx.rgb.width * ctx.rgb.height)),
  };
  const reasons: CaptureIssue[] = [];
  if (sharpness < q.minSharpness) reasons.push('BLURRED');
  if (brightness < q.minBrightness || measures.dark > q.maxDark) reasons.push('UNDEREXPOSED');
  if (brightness > q.maxBrightness) reasons.push('OVEREXPOSED');
  if (measures.clipped > q.maxClipped) reasons.push('GLARE');
  if (periodPx < q.minPeriodPx) reasons.push('RIDGES_TOO_FINE');
  if (tip.width < q.minFingerWidthPx) reasons.push('FINGER_TOO_SMALL');
  const edge = 0.01 * Math.max(ctx.rgb.width, ctx.rgb.height);
  if (tip.tip.x < edge || tip.tip.y < edge || tip.tip.x > ctx.rgb.width - edge || tip.tip.y > ctx.rgb.height - edge) reasons.push('FINGER_AT_EDGE');
  const focus = Math.min(1, sharpness / (2 * q.minSharpness));
  const score = Math.round(100 * focus * Math.max(0, 1 - 0.25 * reasons.filter((r) => r !== 'BLURRED').length));
  return { score, reasons, measures };
}
