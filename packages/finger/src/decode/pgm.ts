// Netpbm gray (P2 ascii, P5 binary, 8 or 16 bit) and P6/P3 colour reduced to luma.
import type { GrayImage } from '../types.ts';
import { checkDimensions, corrupt, luma } from './limits.ts';

export function isPnm(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x50 && (b[1] === 0x32 || b[1] === 0x35 || b[1] === 0x33 || b[1] === 0x36);
}

export function decodePnm(b: Uint8Array): GrayImage {
  const kind = b[1];
  let pos = 2;
  const header = (): number => {
    for (;;) {
      while (pos < b.length && (b[pos] <= 0x20)) pos++;
      if (b[pos] === 0x23) { while (pos < b.length && b[pos] !== 0x0a) pos++; continue; }
      break;
    }
    let v = 0; let digits = 0;
    while (pos < b.length && b[pos] >= 0x30 && b[pos] <= 0x39) { v = v * 10 + b[pos] - 0x30; pos++; digits++; if (digits > 9) corrupt('PNM header number too long'); }
    if (digits === 0) corrupt('PNM header truncated');
    return v;
  };
  const width = header(); const height = header(); const maxval = header();
  if (maxval < 1 || maxval > 65535) corrupt('PNM maxval out of range');
  checkDimensions(width, height);
  const channels = kind === 0x33 || kind === 0x36 ? 3 : 1;
  const n = width * height;
  const out = new Uint8Array(n);
  const samples = new Uint16Array(n * channels);
  if (kind === 0x35 || kind === 0x36) {
    pos++; // single whitespace after maxval
    const bytesPer = maxval > 255 ? 2 : 1;
    if (b.length < pos + n * channels * bytesPer) corrupt('PNM pixel data truncated');
    for (let i = 0; i < n * channels; i++) {
      samples[i] = bytesPer === 2 ? (b[pos + 2 * i] << 8) | b[pos + 2 * i + 1] : b[pos + i];
    }
  } else {
    for (let i = 0; i < n * channels; i++) samples[i] = header();
  }
  for (let i = 0; i < n; i++) {
    const v = channels === 3 ? luma(samples[3 * i], samples[3 * i + 1], samples[3 * i + 2]) : samples[i];
    out[i] = Math.min(255, Math.round((v * 255) / maxval));
  }
  return { width, height, data: out };
}
