import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { FingerError, decodeFingerImage, extractFingerprint, type GrayImage } from '../src/index.ts';
import { ridgeImage } from './synth.ts';

const img = ridgeImage({ width: 96, height: 80, minutiae: [{ x: 48, y: 40 }] });

function pgm(g: GrayImage): Uint8Array {
  const head = new TextEncoder().encode(`P5\n# made by the test\n${g.width} ${g.height}\n255\n`);
  const out = new Uint8Array(head.length + g.data.length); out.set(head); out.set(g.data, head.length);
  return out;
}

function bmp(g: GrayImage, bpp: 8 | 24): Uint8Array {
  const stride = Math.ceil((g.width * bpp) / 32) * 4; const pal = bpp === 8 ? 1024 : 0;
  const off = 54 + pal; const out = new Uint8Array(off + stride * g.height); const dv = new DataView(out.buffer);
  out[0] = 0x42; out[1] = 0x4d; dv.setUint32(2, out.length, true); dv.setUint32(10, off, true);
  dv.setUint32(14, 40, true); dv.setInt32(18, g.width, true); dv.setInt32(22, g.height, true);
  dv.setUint16(26, 1, true); dv.setUint16(28, bpp, true);
  if (bpp === 8) for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + 4 * i);
  for (let y = 0; y < g.height; y++) for (let x = 0; x < g.width; x++) {
    const v = g.data[y * g.width + x]; const row = off + (g.height - 1 - y) * stride; // bottom-up
    if (bpp === 8) out[row + x] = v; else out.set([v, v, v], row + 3 * x);
  }
  return out;
}

function packbits(row: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < row.length;) {
    let run = 1; while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
    if (run > 1) { out.push(257 - run, row[i]); i += run; continue; }
    let lit = 1; while (i + lit < row.length && lit < 128 && row[i + lit] !== row[i + lit - 1]) lit++;
    out.push(lit - 1, ...row.subarray(i, i + lit)); i += lit;
  }
  return out;
}

function tiff(g: GrayImage, compress: boolean, bigEndian = false): Uint8Array {
  const body = compress ? Uint8Array.from(Array.from({ length: g.height }, (_, y) => packbits(g.data.subarray(y * g.width, (y + 1) * g.width))).flat()) : g.data;
  const tags: [number, number, number][] = [[256, 4, g.width], [257, 4, g.height], [258, 3, 8], [259, 3, compress ? 32773 : 1], [262, 3, 1], [273, 4, 0], [277, 3, 1], [278, 4, g.height], [279, 4, body.length]];
  const ifd = 8; const dataAt = ifd + 2 + tags.length * 12 + 4;
  const out = new Uint8Array(dataAt + body.length); const dv = new DataView(out.buffer); const le = !bigEndian;
  out.set(bigEndian ? [0x4d, 0x4d, 0, 42] : [0x49, 0x49, 42, 0]); dv.setUint32(4, ifd, le); dv.setUint16(ifd, tags.length, le);
  tags.forEach(([tag, type, v], i) => {
    const e = ifd + 2 + i * 12; dv.setUint16(e, tag, le); dv.setUint16(e + 2, type, le); dv.setUint32(e + 4, 1, le);
    if (type === 3) dv.setUint16(e + 8, v, le); else dv.setUint32(e + 8, tag === 273 ? dataAt : v, le);
  });
  out.set(body, dataAt);
  return out;
}

const isCode = (code: string) => (e: unknown) => e instanceof FingerError && e.code === code;

test('decodes PGM, BMP (8 and 24 bit), TIFF (raw, PackBits, big-endian) and PNG exactly', () => {
  const png = encodePng({ width: img.width, height: img.height, data: img.data, channels: 1, depth: 8 });
  for (const [name, bytes] of [['pgm', pgm(img)], ['bmp8', bmp(img, 8)], ['bmp24', bmp(img, 24)], ['tiff', tiff(img, false)],
    ['tiff-packbits', tiff(img, true)], ['tiff-be', tiff(img, false, true)], ['png', png]] as const) {
    const out = decodeFingerImage(bytes);
    assert.equal(out.width, img.width, name); assert.equal(out.height, img.height, name);
    assert.deepEqual(out.data, img.data, name);
  }
});

test('decodes JPEG within compression error', () => {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.data.length; i++) rgba.set([img.data[i], img.data[i], img.data[i], 255], 4 * i);
  const bytes = jpeg.encode({ width: img.width, height: img.height, data: rgba }, 95).data;
  const out = decodeFingerImage(bytes);
  let err = 0; for (let i = 0; i < out.data.length; i++) err += Math.abs(out.data[i] - img.data[i]);
  assert.ok(err / out.data.length < 4, `mean error ${err / out.data.length}`);
});

test('format is recognised by content, not by name', () => {
  assert.deepEqual(decodeFingerImage(tiff(img, true)).data, decodeFingerImage(pgm(img)).data);
});

test('typed errors for bad input', () => {
  assert.throws(() => decodeFingerImage(new Uint8Array(0)), isCode('EMPTY_INPUT'));
  assert.throws(() => decodeFingerImage(new TextEncoder().encode('hello, this is not an image')), isCode('UNSUPPORTED_FORMAT'));
  const t = tiff(img, false); assert.throws(() => decodeFingerImage(t.subarray(0, t.length - 100)), isCode('IMAGE_CORRUPT'));
  const b = bmp(img, 8); assert.throws(() => decodeFingerImage(b.subarray(0, 600)), isCode('IMAGE_CORRUPT'));
  const p = pgm(img); assert.throws(() => decodeFingerImage(p.subarray(0, p.length - 1)), isCode('IMAGE_CORRUPT'));
  const png = encodePng({ width: img.width, height: img.height, data: img.data, channels: 1, depth: 8 });
  assert.throws(() => decodeFingerImage(png.subarray(0, 60)), isCode('IMAGE_CORRUPT'));
  assert.throws(() => decodeFingerImage(new TextEncoder().encode('P5\n100000 100000\n255\n')), isCode('IMAGE_TOO_LARGE'));
  const huge = tiff(img, false); new DataView(huge.buffer).setUint32(8 + 2 + 8, 60000, true); // width tag value
  assert.throws(() => decodeFingerImage(huge), isCode('IMAGE_TOO_LARGE'));
  assert.throws(() => decodeFingerImage(pgm({ width: 20, height: 20, data: new Uint8Array(400) })), isCode('IMAGE_TOO_SMALL'));
  assert.throws(() => extractFingerprint(pgm({ width: 200, height: 200, data: new Uint8Array(40000).fill(200) })), isCode('NOT_A_FINGERPRINT'));
});
