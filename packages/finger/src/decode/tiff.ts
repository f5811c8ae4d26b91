// Baseline TIFF: first image of the file, uncompressed or PackBits, 8/16-bit gray, 1-bit bilevel,
// 8-bit palette or RGB. Strips only (tiles are rare for fingerprint scanners).
import type { GrayImage } from '../types.ts';
import { checkDimensions, corrupt, luma } from './limits.ts';

export function isTiff(b: Uint8Array): boolean {
  return b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 42 && b[3] === 0) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 42));
}

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

export function decodeTiff(b: Uint8Array): GrayImage {
  if (b.length < 8) corrupt('TIFF header truncated');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[0] === 0x49;
  const u16 = (o: number) => { if (o + 2 > b.length) corrupt('TIFF truncated'); return dv.getUint16(o, le); };
  const u32 = (o: number) => { if (o + 4 > b.length) corrupt('TIFF truncated'); return dv.getUint32(o, le); };
  const ifd = u32(4);
  const count = u16(ifd);
  const tags = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    const tag = u16(e); const type = u16(e + 2); const n = u32(e + 4);
    const size = TYPE_SIZES[type] ?? 1;
    if (n > 1 << 20) corrupt('TIFF tag count out of range');
    const at = size * n <= 4 ? e + 8 : u32(e + 8);
    if (at + size * n > b.length) corrupt('TIFF tag data truncated');
    const values: number[] = [];
    if (type === 3 || type === 4) for (let k = 0; k < n; k++) values.push(type === 3 ? u16(at + 2 * k) : u32(at + 4 * k));
    else if (type === 5) values.push(u32(at) / Math.max(1, u32(at + 4)));
    tags.set(tag, values);
  }
  const get = (t: number, d?: number): number => {
    const v = tags.get(t)?.[0] ?? d;
    if (v === undefined) corrupt(`TIFF tag ${t} missing`);
    return v;
  };
  const width = get(256); const height = get(257);
  checkDimensions(width, height);
  const bits = get(258, 1); const compression = get(259, 1); const photometric = get(262, 1);
  const spp = get(277, 1);
  const offsets = tags.get(273); const counts = tags.get(279);
  if (!offsets || !counts || offsets.length !== counts.length) corrupt('TIFF strips missing');
  if (compression !== 1 && compression !== 32773) corrupt(`TIFF compression ${compression} is not supported`);
  if (![1, 8, 16].includes(bits) || ![1, 3, 4].includes(spp)) corrupt('TIFF sample format is not supported');
  const rowBytes = Math.ceil((width * bits * spp) / 8);
  const raw = new Uint8Array(rowBytes * height);
  let filled = 0;
  for (let s = 0; s < offsets.length && filled < raw.length; s++) {
    const start = offsets[s]; const end = start + counts[s];
    if (end > b.length) corrupt('TIFF strip truncated');
    if (compression === 1) {
      const n = Math.min(counts[s], raw.length - filled);
      raw.set(b.subarray(start, start + n), filled); filled += n;
    } else {
      let p = start;
      while (p < end && filled < raw.length) {
        const h = (b[p++] << 24) >> 24;
        if (h >= 0) { const n = Math.min(h + 1, raw.length - filled, end - p); raw.set(b.subarray(p, p + n), filled); filled += n; p += h + 1; }
        else if (h !== -128) { const n = Math.min(1 - h, raw.length - filled); raw.fill(b[p++], filled, filled + n); filled += n; }
      }
    }
  }
  if (filled < raw.length) corrupt('TIFF pixel data truncated');
  const palette = tags.get(320);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = y * rowBytes;
      let v: number;
      if (bits === 1) v = (raw[r + (x >> 3)] >> (7 - (x & 7))) & 1 ? 255 : 0;
      else if (bits === 16) { const p = r + x * 2 * spp; v = le ? raw[p + 1] : raw[p]; }
      else if (spp >= 3) { const p = r + x * spp; v = luma(raw[p], raw[p + 1], raw[p + 2]); }
      else v = raw[r + x];
      if (photometric === 3 && palette && bits === 8) {
        const n = palette.length / 3;
        v = luma(palette[v] >> 8, palette[n + v] >> 8, palette[2 * n + v] >> 8);
      } else if (photometric === 0) v = 255 - v;
      out[y * width + x] = v;
    }
  }
  return { width, height, data: out };
}
