// Candor's compact template format (all integers big-endian):
//   'C' 'F' 'T' version:u8  width:u16 height:u16 dpi:u16 count:u16
//   count × { x:u16 y:u16 angle:u8 (2π/256 steps) flags:u8 (bit7 bifurcation, bits0-6 quality 0..100) }
// version 2 adds, after the minutiae, the coarse ridge field:
//   block:u8 levels:u8 cols:u16 rows:u16  ceil(cols·rows / 2) bytes of 4-bit codes, high nibble first
//   (cols = rows = 0: no field).
// 12 + 6·n bytes in version 1 (a 40-minutia template is 252 bytes); version 2 adds 6 + cols·rows/2
// (a 388 × 374 print at 24-px blocks: 6 + 136 bytes). The minutiae sit at the same offsets in both versions, so
// readers of the minutiae alone (the prefilter's revote) read either. Version 1 is still decoded.
import { FingerError } from '../errors.ts';
import type { FingerTemplate, Minutia, RidgeField } from '../types.ts';

export const TEMPLATE_VERSION = 2;
/**
 * What stored templates are tagged with (the server's model id): the family this decoder reads and this
 * matcher compares, versions 1 and 2 alike. A new byte version that the decoder still reads must not orphan
 * templates stored before it; a matcher that cannot compare old templates would need a new family.
 */
export const TEMPLATE_FAMILY = 'candor-minutiae@1';
const HEADER = 12;
const FIELD_HEADER = 6;
const TWO_PI = Math.PI * 2;

export function quantizeAngle(a: number): number {
  return ((Math.round((a / TWO_PI) * 256) % 256) + 256) % 256;
}

export function encodeTemplate(t: FingerTemplate): Uint8Array {
  const n = Math.min(t.minutiae.length, 0xffff);
  const f = t.field && t.field.cols > 0 && t.field.rows > 0 && t.field.cols <= 0xffff && t.field.rows <= 0xffff ? t.field : null;
  const cells = f ? f.cols * f.rows : 0;
  const out = new Uint8Array(HEADER + 6 * n + FIELD_HEADER + Math.ceil(cells / 2));
  const dv = new DataView(out.buffer);
  out[0] = 0x43; out[1] = 0x46; out[2] = 0x54; out[3] = TEMPLATE_VERSION;
  dv.setUint16(4, clamp16(t.width)); dv.setUint16(6, clamp16(t.height)); dv.setUint16(8, clamp16(t.dpi)); dv.setUint16(10, n);
  for (let i = 0; i < n; i++) {
    const m = t.minutiae[i]; const o = HEADER + 6 * i;
    dv.setUint16(o, clamp16(Math.round(m.x))); dv.setUint16(o + 2, clamp16(Math.round(m.y)));
    out[o + 4] = quantizeAngle(m.angle);
    out[o + 5] = (m.type === 'bifurcation' ? 0x80 : 0) | Math.max(0, Math.min(100, Math.round(m.quality)));
  }
  const o = HEADER + 6 * n;
  if (f) {
    out[o] = Math.min(255, f.block); out[o + 1] = Math.min(15, f.levels); dv.setUint16(o + 2, f.cols); dv.setUint16(o + 4, f.rows);
    for (let k = 0; k < cells; k++) out[o + FIELD_HEADER + (k >> 1)] |= (f.codes[k] & 0x0f) << (k & 1 ? 0 : 4);
  }
  return out;
}

function isTemplate(b: Uint8Array): boolean {
  return !!b && b.length >= HEADER && b[0] === 0x43 && b[1] === 0x46 && b[2] === 0x54;
}

/** True for a template in the current version; false for an older one (still decoded: re-extract it to
 * gain what the new version adds) or for bytes that are not a template. */
export function isCurrentTemplate(b: Uint8Array): boolean {
  return isTemplate(b) && b[3] === TEMPLATE_VERSION;
}

export function decodeTemplate(b: Uint8Array): FingerTemplate {
  if (!isTemplate(b)) {
    throw new FingerError('TEMPLATE_CORRUPT', 'not a Candor finger template');
  }
  const version = b[3];
  if (version !== 1 && version !== 2) throw new FingerError('TEMPLATE_VERSION', `template version ${version} is not supported`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint16(10);
  const end = HEADER + 6 * n;
  let field: RidgeField | undefined;
  if (version === 1) {
    if (b.length !== end) throw new FingerError('TEMPLATE_CORRUPT', 'template length does not match its minutia count');
  } else {
    if (b.length < end + FIELD_HEADER) throw new FingerError('TEMPLATE_CORRUPT', 'template length does not match its minutia count');
    const block = b[end], levels = b[end + 1], cols = dv.getUint16(end + 2), rows = dv.getUint16(end + 4);
    const cells = cols * rows;
    if (b.length !== end + FIELD_HEADER + Math.ceil(cells / 2)) throw new FingerError('TEMPLATE_CORRUPT', 'template length does not match its ridge field');
    if (cells > 0) {
      if (block < 1 || levels < 1 || levels > 15) throw new FingerError('TEMPLATE_CORRUPT', 'template ridge field header is invalid');
      const codes = new Uint8Array(cells);
      for (let k = 0; k < cells; k++) {
        const c = (b[end + FIELD_HEADER + (k >> 1)] >> (k & 1 ? 0 : 4)) & 0x0f;
        if (c > levels) throw new FingerError('TEMPLATE_CORRUPT', 'template ridge field code out of range');
        codes[k] = c;
      }
      field = { block, cols, rows, levels, codes };
    }
  }
  const minutiae: Minutia[] = [];
  for (let i = 0; i < n; i++) {
    const o = HEADER + 6 * i;
    minutiae.push({
      x: dv.getUint16(o), y: dv.getUint16(o + 2), angle: (b[o + 4] / 256) * TWO_PI,
      type: b[o + 5] & 0x80 ? 'bifurcation' : 'ending', quality: b[o + 5] & 0x7f,
    });
  }
  const t: FingerTemplate = { version: TEMPLATE_VERSION, width: dv.getUint16(4), height: dv.getUint16(6), dpi: dv.getUint16(8), minutiae };
  if (field) t.field = field;
  return t;
}

function clamp16(v: number): number {
  return Math.max(0, Math.min(0xffff, v | 0));
}
