import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLimits, defaultLimits, FaceError, readHeader } from '@candor/face';

const code = (c: string) => (e: unknown): boolean => e instanceof FaceError && e.code === c;

function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  b.set([8, 2, 0, 0, 0], 24);
  return b;
}

test('empty input and non-images are refused by their magic bytes', () => {
  assert.throws(() => readHeader(new Uint8Array(0)), code('EMPTY_INPUT'));
  assert.throws(() => readHeader(new TextEncoder().encode('this is a text file named photo.jpg\n')), code('UNSUPPORTED_FORMAT'));
  assert.throws(() => readHeader(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0])), code('UNSUPPORTED_FORMAT'));
});

test('a 30000x30000 PNG header is refused before decoding', () => {
  const h = readHeader(pngHeader(30000, 30000));
  assert.deepEqual([h.format, h.width, h.height], ['png', 30000, 30000]);
  assert.throws(() => checkLimits(pngHeader(30000, 30000), h, defaultLimits), code('IMAGE_TOO_LARGE'));
  assert.doesNotThrow(() => checkLimits(pngHeader(4000, 3000), readHeader(pngHeader(4000, 3000)), defaultLimits));
});

test('JPEG frame size and EXIF orientation are read from the header', () => {
  // SOI, APP1 Exif (big-endian TIFF, IFD0 with orientation 6), SOF0 800x600.
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  const app1 = [0xff, 0xe1, 0, exif.length + 2, ...exif];
  const sof = [0xff, 0xc0, 0, 17, 8, 0x02, 0x58, 0x03, 0x20, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const h = readHeader(new Uint8Array([0xff, 0xd8, ...app1, ...sof]));
  assert.deepEqual(h, { format: 'jpeg', width: 800, height: 600, orientation: 6 });
  assert.throws(() => readHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a])), code('IMAGE_CORRUPT'));
});

test('WebP lossy, lossless and extended headers give the canvas size', () => {
  const riff = (chunk: string, body: number[]): Uint8Array => new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP'), ...Buffer.from(chunk), 0, 0, 0, 0, ...body, ...new Array(16).fill(0)]);
  assert.deepEqual(readHeader(riff('VP8X', [0, 0, 0, 0, 0x2f, 0x75, 0, 0x2f, 0x75, 0])), { format: 'webp', width: 30000, height: 30000, orientation: 1 });
  assert.equal(readHeader(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00])).width, 320);
  const bits = (639) | (479 << 14);
  const h = readHeader(riff('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >>> 24) & 255]));
  assert.deepEqual([h.width, h.height], [640, 480]);
});
