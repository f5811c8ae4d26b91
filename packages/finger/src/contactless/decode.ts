// Decoding camera photos into RGB: JPEG (jpeg-js), PNG (fast-png), BMP (here). Pure JS so the
// same code runs in the browser; grey inputs are expanded to three equal channels.
import jpeg from 'jpeg-js';
import { decode as decodePng } from 'fast-png';
import { ContactlessError } from './errors.ts';
import { params } from './parameters.ts';
import type { RgbImage } from './types.ts';

export function decodeColorImage(bytes: Uint8Array): RgbImage {
  if (!bytes || bytes.length === 0) throw new ContactlessError('EMPTY_INPUT', 'empty image');
  const image = decodeByFormat(bytes);
  if (image.width < params.decode.minSide || image.height < params.decode.minSide) {
    throw new ContactlessError('IMAGE_TOO_SMALL', `image ${image.width}x${image.height} is too small`);
  }
  return image;
}

function decodeByFormat(b: Uint8Array): RgbImage {
  if (b[0] === 0xff && b[1] === 0xd8) return decodeJpeg(b);
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return decodePngRgb(b);
  if (b[0] === 0x42 && b[1] === 0x4d) return decodeBmp(b);
  throw new ContactlessError('UNSUPPORTED_FORMAT', 'expected a JPEG, PNG or BMP photo');
}

function decodeJpeg(b: Uint8Array): RgbImage {
  let out;
  try {
    out = jpeg.decode(b, {
      useTArray: true, formatAsRGBA: false,
      maxResolutionInMP: params.decode.maxPixels / 1e6, maxMemoryUsageInMB: 1024,
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/maxResolutionInMP|memory/i.test(msg)) throw new ContactlessError('IMAGE_TOO_LARGE', 'photo too large');
    throw new ContactlessError('IMAGE_CORRUPT', 'unreadable JPEG');
  }
  return { width: out.width, height: out.height, data: out.data, channels: 3 };
}

function decodePngRgb(b: Uint8Array): RgbImage {
  let png;
  try { png = decodePng(b); } catch { throw new ContactlessError('IMAGE_CORRUPT', 'unreadable PNG'); }
  const { width, height, channels, depth } = png;
  checkSize(width, height);
  const out = new Uint8Array(width * height * 3);
  const shift = depth === 16 ? 8 : 0;
  const src = png.data;
  if (png.palette) {
    for (let i = 0; i < width * height; i++) {
      const c = png.palette[src[i]] ?? [0, 0, 0];
      out[3 * i] = c[0]; out[3 * i + 1] = c[1]; out[3 * i + 2] = c[2];
    }
    return { width, height, data: out, channels: 3 };
  }
  if (depth < 8) throw new ContactlessError('UNSUPPORTED_FORMAT', 'PNG bit depth below 8 is not supported');
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    if (channels >= 3) {
      out[3 * i] = src[p] >> shift; out[3 * i + 1] = src[p + 1] >> shift; out[3 * i + 2] = src[p + 2] >> shift;
    } else {
      const v = src[p] >> shift;
      out[3 * i] = v; out[3 * i + 1] = v; out[3 * i + 2] = v;
    }
  }
  return { width, height, data: out, channels: 3 };
}

/** Uncompressed Windows bitmaps: 8-bit paletted, 24-bit and 32-bit, bottom-up or top-down. */
function decodeBmp(b: Uint8Array): RgbImage {
  if (b.length < 54) throw new ContactlessError('IMAGE_CORRUPT', 'truncated BMP');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const offset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0) throw new ContactlessError('IMAGE_CORRUPT', 'bad BMP size');
  checkSize(width, height);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) {
    throw new ContactlessError('UNSUPPORTED_FORMAT', 'compressed BMP is not supported');
  }
  if (bpp !== 8 && bpp !== 24 && bpp !== 32) throw new ContactlessError('UNSUPPORTED_FORMAT', `BMP with ${bpp} bits per pixel`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (offset + stride * height > b.length) throw new ContactlessError('IMAGE_CORRUPT', 'truncated BMP');
  let palette: Uint8Array | null = null;
  if (bpp === 8) {
    const used = dv.getUint32(46, true) || 256;
    const start = 14 + headerSize;
    palette = new Uint8Array(256 * 3);
    for (let i = 0; i < Math.min(used, 256); i++) {
      const p = start + 4 * i;
      if (p + 2 >= b.length) break;
      palette[3 * i] = b[p + 2]; palette[3 * i + 1] = b[p + 1]; palette[3 * i + 2] = b[p];
    }
  }
  const out = new Uint8Array(width * height * 3);
  const bytesPer = bpp / 8;
  for (let y = 0; y < height; y++) {
    const row = offset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = 3 * (y * width + x);
      if (palette) {
        const k = 3 * b[row + x];
        out[o] = palette[k]; out[o + 1] = palette[k + 1]; out[o + 2] = palette[k + 2];
      } else {
        const p = row + x * bytesPer;
        out[o] = b[p + 2]; out[o + 1] = b[p + 1]; out[o + 2] = b[p];
      }
    }
  }
  return { width, height, data: out, channels: 3 };
}

function checkSize(width: number, height: number): void {
  if (width * height > params.decode.maxPixels) throw new ContactlessError('IMAGE_TOO_LARGE', 'photo too large');
}
