// Multi-frame capture: a phone grabs a burst; we keep the sharpest frame with a usable fingertip
// and report how much the finger moved between frames (movement also means motion blur).
import { contactlessToGray, type ContactlessOptions, type PhotoInput } from './contactless.ts';
import type { ContactlessPrint } from './normalise.ts';
import { params } from './parameters.ts';

export interface FrameReport {
  /** Sharpness of each frame's fingertip (NaN: no usable fingertip, see `errors`). */
  sharpness: number[];
  /** Ridge period measured in each frame, photo pixels (NaN: no usable fingertip). */
  periodPx: number[];
  /** Median period of the burst, used to scale the chosen frame when three or more frames had one. */
  burstPeriodPx: number;
  /** Fingertip displacement from the previous usable frame, in finger widths (NaN for the first). */
  motion: number[];
  errors: (string | null)[];
}

export interface BestFrame { index: number; print: ContactlessPrint; frames: FrameReport }

/**
 * Normalises every frame and returns the sharpest usable one. Adds 'MOTION' to its quality
 * reasons when the fingertip moved more than the motion limit next to it. Throws the first
 * frame's error when no frame has a usable fingertip.
 */
export function selectSharpestFrame(frames: PhotoInput[], opts: ContactlessOptions = {}): BestFrame {
  const prints: (ContactlessPrint | null)[] = [];
  const errors: (string | null)[] = [];
  let firstError: unknown = null;
  for (const f of frames) {
    try { prints.push(contactlessToGray(f, opts)); errors.push(null); } catch (err) {
      firstError ??= err;
      prints.push(null);
      errors.push(err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : 'ERROR');
    }
  }
  const sharpness = prints.map((p) => (p ? p.quality.measures.sharpness : NaN));
  const motion = prints.map((p, i) => {
    const prev = prints.slice(0, i).reverse().find((q) => q);
    if (!p || !prev) return NaN;
    const a = p.fingertip, b = prev.fingertip;
    return Math.hypot(a.tip.x - b.tip.x, a.tip.y - b.tip.y) / Math.max(1, (a.width + b.width) / 2);
  });
  let index = -1;
  for (let i = 0; i < prints.length; i++) if (prints[i] && (index < 0 || sharpness[i] > sharpness[index])) index = i;
  if (index < 0) throw firstError;
  let print = prints[index]!;
  // A burst is taken at one distance: the median period of its frames is a steadier scale than
  // the chosen frame's own estimate (which varies by several percent with light and blur).
  const periods = prints.map((p) => (p ? p.periodPx : NaN));
  const usable = periods.filter(Number.isFinite).sort((a, b) => a - b);
  const burstPeriodPx = usable.length >= 3 ? usable[Math.floor(usable.length / 2)] : NaN;
  if (Number.isFinite(burstPeriodPx) && !opts.ppi && Math.abs(print.periodPx / burstPeriodPx - 1) > 0.01) {
    const ppi = (500 * burstPeriodPx) / params.ridge.periodAt500;
    const again = contactlessToGray(frames[index], { ...opts, ppi, position: print.fingertip.position || opts.position });
    print = { ...again, quality: print.quality, periodPx: print.periodPx, scaleSource: 'burst' };
  }
  const moved = [motion[index], motion[index + 1]].some((m) => m !== undefined && m > params.quality.maxMotion);
  if (moved && !print.quality.reasons.includes('MOTION')) print.quality.reasons.push('MOTION');
  return { index, print, frames: { sharpness, periodPx: periods, burstPeriodPx, motion, errors } };
}
