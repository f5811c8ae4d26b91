// Windows BMP: uncompressed 1/4/8-bit palette, 24 and 32-bit, bottom-up or top-down.
import type { GrayImage } from '../types.ts';
import { checkDimensions, corrupt, luma } from './limits.ts';

export function isBmp(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d;
}

export function decodeBmp(b: Uint8Array): GrayImage {
  if (b.length < 54) corrupt('BMP header truncated');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const dataOffset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  if (headerSize < 40) corrupt('unsupported BMP header');
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const height = Math.abs(rawHeight);
  checkDimensions(width, height);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) corrupt('compressed BMP is not supported');
  if (![1, 4, 8, 24, 32].includes(bpp)) corrupt(`BMP with ${bpp} bits per pixel is not supported`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > b.length) corrupt('BMP pixel data truncated');
  let palette: Uint8Array | undefined;
  if (bpp <= 8) {
    const colours = dv.getUint32(46, true) || 1 << bpp;
    const base = 14 + headerSize;
    if (base + colours * 4 > dataOffset) corrupt('BMP palette truncated');
    palette = new Uint8Array(256);
    for (let i = 0; i < Math.min(colours, 256); i++) palette[i] = luma(b[base + 4 * i + 2], b[base + 4 * i + 1], b[base + 4 * i]);
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      let v: number;
      if (bpp === 24 || bpp === 32) {
        const p = row + x * (bpp / 8);
        v = luma(b[p + 2], b[p + 1], b[p]);
      } else {
        const bit = x * bpp;
        const idx = (b[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        v = palette![idx];
      }
      out[y * width + x] = v;
    }
  }
  return { width, height, data: out };
}
