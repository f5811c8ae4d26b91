import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FingerError, decodeTemplate, encodeTemplate, fromIso19794, isCurrentTemplate, toIso19794 } from '../src/index.ts';
import type { FingerTemplate } from '../src/types.ts';
import { randomTemplate } from './synth.ts';

const STEP = (2 * Math.PI) / 256;
const close = (a: number, b: number, tol: number) => Math.abs(((a - b + 3 * Math.PI) % (2 * Math.PI)) - Math.PI) <= tol;

test('binary template round trip keeps every minutia (angles to 1/256 turn)', () => {
  const t = randomTemplate(11);
  const bytes = encodeTemplate(t);
  assert.equal(bytes.length, 12 + 6 * t.minutiae.length + 6, 'version 2 with an empty ridge field');
  const back = decodeTemplate(bytes);
  assert.equal(back.minutiae.length, t.minutiae.length);
  assert.equal(back.width, t.width); assert.equal(back.dpi, t.dpi);
  t.minutiae.forEach((m, i) => {
    const b = back.minutiae[i];
    assert.equal(b.x, Math.round(m.x)); assert.equal(b.y, Math.round(m.y)); assert.equal(b.type, m.type);
    assert.equal(b.quality, m.quality); assert.ok(close(b.angle, m.angle, STEP / 2 + 1e-9));
  });
  assert.deepEqual(encodeTemplate(back), bytes, 'encoding is stable');
});

test('ISO/IEC 19794-2:2005 round trip', () => {
  const t = decodeTemplate(encodeTemplate(randomTemplate(5)));
  const iso = toIso19794(t, { fingerPosition: 2, fingerQuality: 80 });
  assert.deepEqual(Array.from(iso.subarray(0, 8)), [0x46, 0x4d, 0x52, 0, 0x20, 0x32, 0x30, 0]);
  assert.equal(new DataView(iso.buffer).getUint32(8), iso.length);
  assert.equal(iso[24], 2); assert.equal(iso[27], t.minutiae.length);
  const back = fromIso19794(iso);
  assert.equal(back.dpi, 500); assert.equal(back.width, t.width); assert.equal(back.height, t.height);
  t.minutiae.forEach((m, i) => {
    const b = back.minutiae[i];
    assert.equal(b.x, m.x); assert.equal(b.y, m.y); assert.equal(b.type, m.type); assert.equal(b.quality, m.quality);
    assert.ok(close(b.angle, m.angle, 1e-9), `angle ${b.angle} vs ${m.angle}`);
  });
});

test('ISO angles run counter-clockwise', () => {
  const t = { version: 1, width: 100, height: 100, dpi: 500, minutiae: [{ x: 10, y: 10, angle: Math.PI / 2, type: 'ending' as const, quality: 50 }] };
  // Pointing down the image (clockwise quarter turn on screen) is 270° in ISO units of 360/256.
  assert.equal(toIso19794(t)[28 + 4], 192);
});

test('corrupt templates give typed errors', () => {
  const bytes = encodeTemplate(randomTemplate(3));
  const code = (c: string) => (e: unknown) => e instanceof FingerError && e.code === c;
  assert.throws(() => decodeTemplate(bytes.subarray(0, bytes.length - 1)), code('TEMPLATE_CORRUPT'));
  assert.throws(() => decodeTemplate(new Uint8Array([1, 2, 3])), code('TEMPLATE_CORRUPT'));
  const v9 = bytes.slice(); v9[3] = 9;
  assert.throws(() => decodeTemplate(v9), code('TEMPLATE_VERSION'));
  assert.throws(() => fromIso19794(new TextEncoder().encode('FMR but not really a record at all')), code('TEMPLATE_CORRUPT'));
  const iso = toIso19794(randomTemplate(3));
  assert.throws(() => fromIso19794(iso.subarray(0, 40)), code('TEMPLATE_CORRUPT'));
});

function withField(t: FingerTemplate, cols: number, rows: number, code: (bx: number, by: number) => number): FingerTemplate {
  const codes = new Uint8Array(cols * rows);
  for (let by = 0; by < rows; by++) for (let bx = 0; bx < cols; bx++) codes[by * cols + bx] = code(bx, by);
  return { ...t, field: { block: 16, cols, rows, levels: 15, codes } };
}

test('the ridge field round-trips in 4-bit codes, odd cell counts included', () => {
  const t = withField(randomTemplate(7), 21, 25, (x, y) => (x * 7 + y * 3) % 16);
  const bytes = encodeTemplate(t);
  assert.equal(bytes.length, 12 + 6 * t.minutiae.length + 6 + Math.ceil((21 * 25) / 2));
  const back = decodeTemplate(bytes);
  assert.deepEqual(back.field, t.field);
  assert.deepEqual(encodeTemplate(back), bytes);
});

test('version 1 templates (no field) still decode, minutiae unchanged', () => {
  const t = randomTemplate(8);
  const v2 = encodeTemplate(t);
  const v1 = v2.slice(0, 12 + 6 * t.minutiae.length); v1[3] = 1;
  const a = decodeTemplate(v1), b = decodeTemplate(v2);
  assert.equal(a.field, undefined);
  assert.deepEqual(a.minutiae, b.minutiae);
});

test('a corrupt ridge field gives a typed error', () => {
  const code = (c: string) => (e: unknown) => e instanceof FingerError && e.code === c;
  const t = withField(randomTemplate(9), 10, 10, () => 3);
  const bytes = encodeTemplate(t);
  assert.throws(() => decodeTemplate(bytes.subarray(0, bytes.length - 1)), code('TEMPLATE_CORRUPT'));
  const bad = bytes.slice(); bad[bad.length - 1] = 0xff; // code 15 is fine, levels 15: make levels smaller
  bad[12 + 6 * t.minutiae.length + 1] = 4;
  assert.throws(() => decodeTemplate(bad), code('TEMPLATE_CORRUPT'));
});

test('isCurrentTemplate: the current version only (v1 and non-templates are not)', () => {
  const v2 = encodeTemplate(randomTemplate(12));
  const v1 = v2.slice(0, 12 + 6 * 35); v1[3] = 1;
  assert.equal(isCurrentTemplate(v2), true);
  assert.equal(isCurrentTemplate(v1), false);
  assert.equal(isCurrentTemplate(new Uint8Array([0x43, 0x46, 0x54])), false);
});
