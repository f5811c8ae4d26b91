// Candor's compact template format, version 1 (all integers big-endian):
//   'C' 'F' 'T' version:u8  width:u16 height:u16 dpi:u16 count:u16
//   count × { x:u16 y:u16 angle:u8 (2π/256 steps) flags:u8 (bit7 bifurcation, bits0-6 quality 0..100) }
// 12 + 6·n bytes: a 40-minutia template is 252 bytes.
import { FingerError } from '../errors.ts';
import type { FingerTemplate, Minutia } from '../types.ts';

export const TEMPLATE_VERSION = 1;
const HEADER = 12;
const TWO_PI = Math.PI * 2;

export function quantizeAngle(a: number): number {
  return ((Math.round((a / TWO_PI) * 256) % 256) + 256) % 256;
}

export function encodeTemplate(t: FingerTemplate): Uint8Array {
  const n = Math.min(t.minutiae.length, 0xffff);
  const out = new Uint8Array(HEADER + 6 * n);
  const dv = new DataView(out.buffer);
  out[0] = 0x43; out[1] = 0x46; out[2] = 0x54; out[3] = TEMPLATE_VERSION;
  dv.setUint16(4, clamp16(t.width)); dv.setUint16(6, clamp16(t.height)); dv.setUint16(8, clamp16(t.dpi)); dv.setUint16(10, n);
  for (let i = 0; i < n; i++) {
    const m = t.minutiae[i]; const o = HEADER + 6 * i;
    dv.setUint16(o, clamp16(Math.round(m.x))); dv.setUint16(o + 2, clamp16(Math.round(m.y)));
    out[o + 4] = quantizeAngle(m.angle);
    out[o + 5] = (m.type === 'bifurcation' ? 0x80 : 0) | Math.max(0, Math.min(100, Math.round(m.quality)));
  }
  return out;
}

export function decodeTemplate(b: Uint8Array): FingerTemplate {
  if (!b || b.length < HEADER || b[0] !== 0x43 || b[1] !== 0x46 || b[2] !== 0x54) {
    throw new FingerError('TEMPLATE_CORRUPT', 'not a Candor finger template');
  }
  if (b[3] !== TEMPLATE_VERSION) throw new FingerError('TEMPLATE_VERSION', `template version ${b[3]} is not supported`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint16(10);
  if (b.length !== HEADER + 6 * n) throw new FingerError('TEMPLATE_CORRUPT', 'template length does not match its minutia count');
  const minutiae: Minutia[] = [];
  for (let i = 0; i < n; i++) {
    const o = HEADER + 6 * i;
    minutiae.push({
      x: dv.getUint16(o), y: dv.getUint16(o + 2), angle: (b[o + 4] / 256) * TWO_PI,
      type: b[o + 5] & 0x80 ? 'bifurcation' : 'ending', quality: b[o + 5] & 0x7f,
    });
  }
  return { version: TEMPLATE_VERSION, width: dv.getUint16(4), height: dv.getUint16(6), dpi: dv.getUint16(8), minutiae };
}

function clamp16(v: number): number {
  return Math.max(0, Math.min(0xffff, v | 0));
}
