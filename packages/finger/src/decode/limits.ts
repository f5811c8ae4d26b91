import { FingerError } from '../errors.ts';
import { params } from '../params.ts';

/** Rejects dimensions before any pixel buffer is allocated. */
export function checkDimensions(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new FingerError('IMAGE_CORRUPT', 'image has invalid dimensions');
  }
  if (width > params.maxSide || height > params.maxSide || width * height > params.maxPixels) {
    throw new FingerError('IMAGE_TOO_LARGE', `image of ${width}x${height} exceeds the size limit`);
  }
  if (width < params.minSide || height < params.minSide) {
    throw new FingerError('IMAGE_TOO_SMALL', `image of ${width}x${height} is too small for a fingerprint`);
  }
}

export function corrupt(what: string): never {
  throw new FingerError('IMAGE_CORRUPT', what);
}

/** Luma of 8-bit RGB (BT.601 weights). */
export function luma(r: number, g: number, b: number): number {
  return (r * 299 + g * 587 + b * 114 + 500) / 1000 | 0;
}
