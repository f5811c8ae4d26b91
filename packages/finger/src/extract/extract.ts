import { decodeFingerImage } from '../decode/index.ts';
import { FingerError } from '../errors.ts';
import type { ExtractOptions, Extraction, GrayImage } from '../types.ts';

/** Extracts a template from an 8-bit gray image at `opts.dpi` (default 500). */
export function extractFromGray(img: GrayImage, opts: ExtractOptions = {}): Extraction {
  void img; void opts;
  throw new FingerError('NOT_A_FINGERPRINT', 'not implemented yet');
}

/** Decodes and extracts. Throws FingerError with a typed code on bad input. */
export function extractFingerprint(bytes: Uint8Array, opts: ExtractOptions = {}): Extraction {
  return extractFromGray(decodeFingerImage(bytes), opts);
}
