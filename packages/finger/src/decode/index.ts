// Picks the decoder by the file's magic bytes, never by its name.
import { decode as decodePngRaw } from 'fast-png';
import jpeg from 'jpeg-js';
import { FingerError } from '../errors.ts';
import { params } from '../params.ts';
import type { GrayImage } from '../types.ts';
import { decodeBmp, isBmp } from './bmp.ts';
import { checkDimensions, corrupt, luma } from './limits.ts';
import { decodePnm, isPnm } from './pgm.ts';
import { decodeTiff, isTiff } from './tiff.ts';

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
}
function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function pngSize(b: Uint8Array): [number, number] {
  if (b.length < 24) corrupt('PNG header truncated');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return [dv.getUint32(16), dv.getUint32(20)];
}

function decodePng(b: Uint8Array): GrayImage {
  const [w, h] = pngSize(b);
  checkDimensions(w, h);
  let png;
  try { png = decodePngRaw(b); } catch { corrupt('PNG data is corrupt'); }
  const { width, height, channels, depth } = png;
  const out = new Uint8Array(width * height);
  const shift = depth === 16 ? 8 : 0;
  const pal = png.palette;
  for (let i = 0; i < width * height; i++) {
    if (pal) {
      const c = pal[png.data[i]] ?? [0, 0, 0];
      out[i] = luma(c[0], c[1], c[2]);
    } else if (channels >= 3) {
      const p = i * channels;
      out[i] = luma(png.data[p] >> shift, png.data[p + 1] >> shift, png.data[p + 2] >> shift);
    } else {
      const v = png.data[i * channels];
      out[i] = depth < 8 ? Math.round((v * 255) / ((1 << depth) - 1)) : v >> shift;
    }
  }
  return { width, height, data: out };
}

function decodeJpeg(b: Uint8Array): GrayImage {
  let img;
  try {
    img = jpeg.decode(b, {
      useTArray: true, formatAsRGBA: true,
      maxResolutionInMP: params.maxPixels / 1e6, maxMemoryUsageInMB: 512,
    });
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    if (/maxResolutionInMP|memory/i.test(msg)) throw new FingerError('IMAGE_TOO_LARGE', 'JPEG exceeds the size limit');
    corrupt('JPEG data is corrupt');
  }
  checkDimensions(img.width, img.height);
  const out = new Uint8Array(img.width * img.height);
  for (let i = 0; i < out.length; i++) out[i] = luma(img.data[4 * i], img.data[4 * i + 1], img.data[4 * i + 2]);
  return { width: img.width, height: img.height, data: out };
}

/** Decodes TIFF, PNG, BMP, JPEG or PGM/PPM bytes into an 8-bit gray image. Throws FingerError. */
export function decodeFingerImage(bytes: Uint8Array): GrayImage {
  if (!bytes || bytes.length === 0) throw new FingerError('EMPTY_INPUT', 'image is empty');
  if (isTiff(bytes)) return decodeTiff(bytes);
  if (isPng(bytes)) return decodePng(bytes);
  if (isJpeg(bytes)) return decodeJpeg(bytes);
  if (isBmp(bytes)) return decodeBmp(bytes);
  if (isPnm(bytes)) return decodePnm(bytes);
  throw new FingerError('UNSUPPORTED_FORMAT', 'not a TIFF, PNG, JPEG, BMP or PGM image');
}
