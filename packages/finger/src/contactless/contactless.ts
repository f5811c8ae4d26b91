// The contactless pipeline, top to bottom: decode → find fingertips → normalise each to a
// contact-like 500 ppi print → the contact engine's extractor.
import { extractFromGray } from '../index.ts';
import type { Extraction } from '../types.ts';
import { decodeColorImage } from './decode.ts';
import { ContactlessError } from './errors.ts';
import { findFingertips, type FindOptions } from './fingertips.ts';
import { luma } from './imageops.ts';
import { normaliseFingertip, type ContactlessPrint, type NormaliseOptions, type PhotoContext } from './normalise.ts';
import { segmentFingers } from './segment.ts';
import type { FingerPosition, RgbImage } from './types.ts';

export interface ContactlessOptions extends FindOptions, NormaliseOptions {}

/** Input of the pipeline: encoded photo bytes (JPEG, PNG, BMP) or decoded RGB pixels. */
export type PhotoInput = Uint8Array | RgbImage;

function toRgb(input: PhotoInput): RgbImage {
  if (input instanceof Uint8Array) return decodeColorImage(input);
  if (input.data.length !== input.width * input.height * 3) throw new ContactlessError('IMAGE_CORRUPT', 'RGB buffer size does not match');
  return input;
}

/** Every usable fingertip of the photo (one for a single-finger photo, up to four for a hand). */
export function contactlessToGrayAll(input: PhotoInput, opts: ContactlessOptions = {}): ContactlessPrint[] {
  const rgb = toRgb(input);
  const lum = luma(rgb);
  const seg = segmentFingers(lum);
  const found = findFingertips(seg.mask, seg.factor, opts);
  const ctx: PhotoContext = { rgb, luma: lum, mask: found.mask, factor: seg.factor };
  const prints: ContactlessPrint[] = [];
  let firstError: unknown = null;
  for (const tip of found.tips) {
    try { prints.push(normaliseFingertip(ctx, tip, opts)); } catch (err) { firstError ??= err; }
  }
  if (prints.length === 0) throw firstError ?? new ContactlessError('NO_FINGER', 'no usable fingertip');
  return prints;
}

/**
 * The photo's fingertip as a contact-like print (500 ppi, ridges dark, pointing up). For a
 * four-finger photo, `opts.position` picks a finger, otherwise the best-quality one is returned.
 */
export function contactlessToGray(input: PhotoInput, opts: ContactlessOptions = {}): ContactlessPrint {
  const prints = contactlessToGrayAll(input, opts);
  if (prints.length > 1 && opts.position) {
    const hit = prints.find((p) => p.fingertip.position === opts.position);
    if (hit) return hit;
  }
  return prints.reduce((best, p) => (p.quality.score > best.quality.score ? p : best));
}

export interface ContactlessExtraction extends Extraction { print: ContactlessPrint; position: FingerPosition }

/** Photo → print → template with the contact engine's extractor (same matcher as contact prints). */
export function extractContactless(input: PhotoInput, opts: ContactlessOptions = {}): ContactlessExtraction {
  const print = contactlessToGray(input, opts);
  const ex = extractFromGray(print.image, { dpi: 500 });
  return { ...ex, print, position: print.fingertip.position };
}
