// Picks the colour channel that shows ridges best. Under white light the red channel is brightest
// on skin but flattest (red light scatters deep in tissue), blue is darkest and noisiest; which
// wins depends on camera and light, so we measure ridge-band contrast in each.
import { bandPass, luma, mixChannels } from './imageops.ts';
import type { FloatImage, Mask, RgbImage } from './types.ts';

export type RidgeChannel = 'red' | 'green' | 'blue' | 'luma';

const WEIGHTS: Record<RidgeChannel, [number, number, number]> = {
  red: [1, 0, 0], green: [0, 1, 0], blue: [0, 0, 1], luma: [0.299, 0.587, 0.114],
};

export function channelImage(rgb: RgbImage, ch: RidgeChannel): FloatImage {
  if (ch === 'luma') return luma(rgb);
  const [r, g, b] = WEIGHTS[ch];
  return mixChannels(rgb, r, g, b);
}

/** True when all three channels are equal (a grey photo): nothing to choose. */
export function isGrey(rgb: RgbImage): boolean {
  const d = rgb.data;
  for (let i = 0; i < d.length; i += 3 * 97) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
  return true;
}

/**
 * Ridge visibility of each channel in an upright crop: band-pass energy at the ridge period over
 * the channel's mean level (so a bright channel does not win by brightness alone), minus a noise
 * term from the band just above the ridge frequency.
 */
export function ridgeVisibility(crops: Record<RidgeChannel, FloatImage>, mask: Mask, period: number): Record<RidgeChannel, number> {
  const out = {} as Record<RidgeChannel, number>;
  for (const ch of Object.keys(crops) as RidgeChannel[]) {
    const img = crops[ch];
    const ridge = bandPass(img, period / 6, period / 2.5);
    const noise = bandPass(img, 0.5, period / 8);
    let e = 0, en = 0, m = 0, n = 0;
    for (let i = 0; i < img.data.length; i++) {
      if (!mask.data[i]) continue;
      e += ridge.data[i] ** 2; en += noise.data[i] ** 2; m += img.data[i]; n++;
    }
    out[ch] = n && m > 0 ? Math.sqrt(Math.max(0, e - en) / n) / (m / n) : 0;
  }
  return out;
}
