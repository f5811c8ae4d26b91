// ISO/IEC 19794-2:2005 finger minutiae record ("FMR\0", version " 20\0"), single finger view.
// Layout (big-endian): 24-byte record header {magic, version, record length:u32, equipment:u16,
// width:u16, height:u16, x/y resolution in pixels per cm:u16×2, views:u8, reserved:u8}, then per view
// {position:u8, view/impression:u8, quality:u8, count:u8, count × 6-byte minutia, extended length:u16}.
// A minutia is {type:2 bits | x:14, reserved:2 | y:14, angle:u8 in 360/256° counter-clockwise, quality:u8}.
// Candor angles run clockwise on screen (image y grows downwards), hence the sign flip.
import { FingerError } from '../errors.ts';
import type { FingerTemplate, Minutia } from '../types.ts';
import { TEMPLATE_VERSION, quantizeAngle } from './binary.ts';

const TWO_PI = Math.PI * 2;
const CM_PER_INCH = 2.54;

export interface IsoOptions { fingerPosition?: number; impressionType?: number; fingerQuality?: number }

export function toIso19794(t: FingerTemplate, opts: IsoOptions = {}): Uint8Array {
  const n = Math.min(t.minutiae.length, 255);
  const len = 24 + 4 + 6 * n + 2;
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  out.set([0x46, 0x4d, 0x52, 0, 0x20, 0x32, 0x30, 0], 0);
  dv.setUint32(8, len);
  dv.setUint16(12, 0);
  dv.setUint16(14, t.width); dv.setUint16(16, t.height);
  const ppcm = Math.round(t.dpi / CM_PER_INCH);
  dv.setUint16(18, ppcm); dv.setUint16(20, ppcm);
  out[22] = 1; out[23] = 0;
  out[24] = opts.fingerPosition ?? 0; out[25] = (opts.impressionType ?? 0) & 0x0f; out[26] = opts.fingerQuality ?? 0; out[27] = n;
  for (let i = 0; i < n; i++) {
    const m = t.minutiae[i]; const o = 28 + 6 * i;
    const type = m.type === 'ending' ? 1 : 2;
    dv.setUint16(o, (type << 14) | (Math.round(m.x) & 0x3fff));
    dv.setUint16(o + 2, Math.round(m.y) & 0x3fff);
    out[o + 4] = quantizeAngle(TWO_PI - m.angle);
    out[o + 5] = Math.max(0, Math.min(100, Math.round(m.quality)));
  }
  dv.setUint16(28 + 6 * n, 0);
  return out;
}

/** Reads the first finger view of an ISO/IEC 19794-2:2005 record. */
export function fromIso19794(b: Uint8Array): FingerTemplate {
  const bad = (why: string): never => { throw new FingerError('TEMPLATE_CORRUPT', `ISO 19794-2 record: ${why}`); };
  if (!b || b.length < 30) bad('too short');
  if (b[0] !== 0x46 || b[1] !== 0x4d || b[2] !== 0x52 || b[3] !== 0) bad('bad magic');
  if (b[4] !== 0x20 || b[5] !== 0x32 || b[6] !== 0x30) throw new FingerError('TEMPLATE_VERSION', 'only ISO 19794-2:2005 records are supported');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(8) > b.length) bad('truncated');
  const width = dv.getUint16(14); const height = dv.getUint16(16);
  const ppcm = dv.getUint16(18) || 197;
  if (b[22] < 1) bad('no finger view');
  const n = b[27];
  if (28 + 6 * n > b.length) bad('truncated minutiae');
  const minutiae: Minutia[] = [];
  for (let i = 0; i < n; i++) {
    const o = 28 + 6 * i;
    const w0 = dv.getUint16(o);
    minutiae.push({
      x: w0 & 0x3fff, y: dv.getUint16(o + 2) & 0x3fff,
      angle: ((256 - b[o + 4]) % 256 / 256) * TWO_PI,
      type: w0 >> 14 === 2 ? 'bifurcation' : 'ending', quality: Math.min(100, b[o + 5]),
    });
  }
  return { version: TEMPLATE_VERSION, width, height, dpi: Math.round(ppcm * CM_PER_INCH), minutiae };
}
