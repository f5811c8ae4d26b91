// Reads format and pixel dimensions from the first bytes of an image, without decoding it, so a
// decompression bomb (a small file that claims a huge canvas) is refused before any pixel buffer is
// allocated. Also reads the JPEG EXIF orientation, which decides the upright width and height.
import { FaceError } from './errors.ts';

export type ImageFormat = 'jpeg' | 'png' | 'webp';
export interface ImageHeader { format: ImageFormat; width: number; height: number; orientation: number }
export interface ImageLimits { maxBytes: number; maxPixels: number; maxSide: number }

export function readHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length === 0) throw new FaceError('EMPTY_INPUT');
  const format = sniff(bytes);
  if (!format) throw new FaceError('UNSUPPORTED_FORMAT');
  const header = format === 'jpeg' ? readJpeg(bytes) : format === 'png' ? readPng(bytes) : readWebp(bytes);
  if (!(header.width > 0 && header.height > 0)) throw new FaceError('IMAGE_CORRUPT', 'zero image size');
  return header;
}

/** Throws IMAGE_TOO_LARGE when the file or the canvas its header announces exceeds the limits. */
export function checkLimits(bytes: Uint8Array, header: ImageHeader, limits: ImageLimits): void {
  if (bytes.length > limits.maxBytes) throw new FaceError('IMAGE_TOO_LARGE', `over ${limits.maxBytes} bytes`);
  if (header.width > limits.maxSide || header.height > limits.maxSide || header.width * header.height > limits.maxPixels) {
    throw new FaceError('IMAGE_TOO_LARGE', `${header.width}x${header.height} pixels`);
  }
}

function sniff(b: Uint8Array): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  return null;
}

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));
const be16 = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1];
const be32 = (b: Uint8Array, at: number): number => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
const le16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);
const le24 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const le32 = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;

function need(b: Uint8Array, end: number): void {
  if (end > b.length) throw new FaceError('IMAGE_CORRUPT', 'header truncated');
}

// JPEG: walk the marker segments up to the first start-of-frame (SOF0..SOF15 except DHT, JPG, DAC).
function readJpeg(b: Uint8Array): ImageHeader {
  let at = 2;
  let orientation = 1;
  for (;;) {
    need(b, at + 4);
    if (b[at] !== 0xff) throw new FaceError('IMAGE_CORRUPT', 'bad JPEG marker');
    const marker = b[at + 1];
    if (marker === 0xff) { at += 1; continue; } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { at += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) throw new FaceError('IMAGE_CORRUPT', 'JPEG without frame header');
    const length = be16(b, at + 2);
    if (length < 2) throw new FaceError('IMAGE_CORRUPT', 'bad JPEG segment');
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      need(b, at + 9);
      return { format: 'jpeg', height: be16(b, at + 5), width: be16(b, at + 7), orientation };
    }
    if (marker === 0xe1) orientation = exifOrientation(b.subarray(at + 4, Math.min(b.length, at + 2 + length))) ?? orientation;
    at += 2 + length;
  }
}

// EXIF in an APP1 segment: "Exif\0\0" then a TIFF header; orientation is tag 0x0112 of IFD0.
function exifOrientation(seg: Uint8Array): number | null {
  if (seg.length < 14 || ascii(seg, 0, 4) !== 'Exif') return null;
  const t = seg.subarray(6);
  const little = t[0] === 0x49 && t[1] === 0x49;
  if (!little && !(t[0] === 0x4d && t[1] === 0x4d)) return null;
  const u16 = (at: number): number => (little ? le16(t, at) : be16(t, at));
  const u32 = (at: number): number => (little ? le32(t, at) : be32(t, at));
  const ifd = u32(4);
  if (ifd + 2 > t.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > t.length) return null;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

// PNG: the IHDR chunk must come first; width and height are its first two big-endian words.
function readPng(b: Uint8Array): ImageHeader {
  need(b, 24);
  if (ascii(b, 12, 4) !== 'IHDR') throw new FaceError('IMAGE_CORRUPT', 'PNG without IHDR');
  return { format: 'png', width: be32(b, 16), height: be32(b, 20), orientation: 1 };
}

// WebP: lossy (VP8), lossless (VP8L) or extended (VP8X, which states the canvas size).
function readWebp(b: Uint8Array): ImageHeader {
  need(b, 30);
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') {
    return { format: 'webp', width: 1 + le24(b, 24), height: 1 + le24(b, 27), orientation: 1 };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) throw new FaceError('IMAGE_CORRUPT', 'bad VP8L signature');
    const bits = le32(b, 21);
    return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff), orientation: 1 };
  }
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) throw new FaceError('IMAGE_CORRUPT', 'bad VP8 start code');
    return { format: 'webp', width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff, orientation: 1 };
  }
  throw new FaceError('IMAGE_CORRUPT', 'unknown WebP chunk');
}

/** Width and height once the EXIF orientation has been applied (5..8 swap the axes). */
export function uprightSize(h: ImageHeader): { width: number; height: number } {
  return h.orientation >= 5 ? { width: h.height, height: h.width } : { width: h.width, height: h.height };
}
