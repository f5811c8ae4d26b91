// Capture-side behaviour of the contactless pipeline: quality reasons a capture screen shows,
// keeping the sharpest of several frames, and decoding of camera formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jpeg from 'jpeg-js';
import { encode as encodePng } from 'fast-png';
import { contactlessToGray, decodeColorImage, selectSharpestFrame, ContactlessError, type RgbImage } from '../src/contactless/index.ts';
import { params } from '../src/contactless/parameters.ts';
import { flatPattern, photograph, type PhotoSpec } from './contactless-fixtures.ts';

const pattern = flatPattern(3);
const spec: PhotoSpec = { angle: 20, tipAt: [0.42, 0.1], scale: 0.9 };
const shot = (common: PhotoSpec) => photograph([{ pattern, spec }], { width: 640, height: 600, ...common });

test('quality: a sharp, well-lit photo has no reasons; blur and darkness are named', () => {
  const good = contactlessToGray(shot({ blur: 0.8 }));
  assert.deepEqual(good.quality.reasons, []);
  assert.ok(good.quality.score >= 80, `score ${good.quality.score}`);
  const blurred = contactlessToGray(shot({ blur: 2.6 }));
  assert.ok(blurred.quality.measures.sharpness < good.quality.measures.sharpness * 0.7);
  assert.ok(blurred.quality.reasons.includes('BLURRED'), JSON.stringify(blurred.quality));
  assert.ok(blurred.quality.score < good.quality.score);
  const dark = contactlessToGray(shot({ blur: 0.8, exposure: 0.22 }));
  assert.ok(dark.quality.reasons.includes('UNDEREXPOSED'), JSON.stringify(dark.quality));
  const bright = contactlessToGray(shot({ blur: 0.8, exposure: 1.6 }));
  assert.ok(bright.quality.reasons.some((r) => r === 'OVEREXPOSED' || r === 'GLARE'), JSON.stringify(bright.quality));
});

test('quality: a finger far from the camera is too small for its ridges', () => {
  const far = photograph([{ pattern, spec: { angle: 0, tipAt: [0.5, 0.2], scale: 0.42 } }], { width: 640, height: 600, blur: 0.5 });
  let reasons: string[] = [];
  try { reasons = contactlessToGray(far).quality.reasons; } catch (err) {
    // Rejected outright is also a right answer, as long as it says why.
    assert.ok(err instanceof ContactlessError && ['NO_RIDGES', 'NO_FINGER', 'FINGER_TOO_SMALL'].includes(err.code));
    return;
  }
  assert.ok(reasons.includes('RIDGES_TOO_FINE') || reasons.includes('FINGER_TOO_SMALL'), JSON.stringify(reasons));
});

test('keeps the sharpest of several frames and measures motion between them', () => {
  const frames = [shot({ blur: 2.4 }), shot({ blur: 0.8 }), shot({ blur: 1.8 })];
  const best = selectSharpestFrame(frames);
  assert.equal(best.index, 1);
  assert.ok(best.frames.sharpness[1] > best.frames.sharpness[0] && best.frames.sharpness[1] > best.frames.sharpness[2]);
  assert.ok(best.frames.motion.slice(1).every((m) => m < 0.05), JSON.stringify(best.frames.motion));
  // Three frames at one distance: the chosen frame is scaled by the burst's median period.
  const sorted = [...best.frames.periodPx].sort((a, b) => a - b);
  assert.equal(best.frames.burstPeriodPx, sorted[1]);
  const expectedScale = params.ridge.periodAt500 / best.frames.burstPeriodPx;
  assert.ok(best.print.scaleSource === 'burst' ? Math.abs(best.print.scale - expectedScale) < 1e-6 : Math.abs(best.print.periodPx / sorted[1] - 1) <= 0.01);
  // The hand moves between frames: the chosen frame says so.
  const moved = photograph([{ pattern, spec: { ...spec, tipAt: [0.52, 0.14] } }], { width: 640, height: 600, blur: 1.5 });
  const withMotion = selectSharpestFrame([frames[1], moved]);
  assert.ok(withMotion.frames.motion[1] > 0.1);
  assert.ok(withMotion.print.quality.reasons.includes('MOTION'));
});

test('a burst without any finger fails with the typed reason', () => {
  const w = 200, h = 160;
  const blank: RgbImage = { width: w, height: h, channels: 3, data: new Uint8Array(w * h * 3).fill(120) };
  assert.throws(() => selectSharpestFrame([blank, blank]), (e: unknown) => e instanceof ContactlessError && e.code === 'NO_FINGER');
});

test('decodes JPEG, PNG and BMP photos and rejects other bytes', () => {
  const w = 80, h = 70;
  const rgba = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) { rgba[4 * i] = 200; rgba[4 * i + 1] = (i % w) * 3; rgba[4 * i + 2] = 40; rgba[4 * i + 3] = 255; }
  const jpg = decodeColorImage(new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, 95).data));
  assert.equal(jpg.width, w); assert.equal(jpg.height, h);
  assert.ok(Math.abs(jpg.data[3 * (10 * w + 20)] - 200) < 12 && Math.abs(jpg.data[3 * (10 * w + 20) + 1] - 60) < 12);
  const png = decodeColorImage(encodePng({ width: w, height: h, data: rgba, channels: 4, depth: 8 }));
  assert.deepEqual([png.data[3 * (5 * w + 7)], png.data[3 * (5 * w + 7) + 1], png.data[3 * (5 * w + 7) + 2]], [200, 21, 40]);
  const bmp = decodeColorImage(bmp24(w, h, (x, y) => [x, y, 99]));
  assert.deepEqual([...bmp.data.subarray(3 * (12 * w + 34), 3 * (12 * w + 34) + 3)], [34, 12, 99]);
  const codeOf = (b: Uint8Array) => { try { decodeColorImage(b); return 'none'; } catch (e) { return (e as ContactlessError).code; } };
  assert.equal(codeOf(new Uint8Array(0)), 'EMPTY_INPUT');
  assert.equal(codeOf(new Uint8Array([1, 2, 3, 4, 5, 6])), 'UNSUPPORTED_FORMAT');
  assert.equal(codeOf(bmp24(w, h, () => [0, 0, 0]).subarray(0, 500)), 'IMAGE_CORRUPT');
});

/** A bottom-up 24-bit BMP, written here so the test needs no fixture file. */
function bmp24(w: number, h: number, px: (x: number, y: number) => [number, number, number]): Uint8Array {
  const stride = Math.ceil((w * 3) / 4) * 4, size = 54 + stride * h, b = new Uint8Array(size), dv = new DataView(b.buffer);
  b[0] = 0x42; b[1] = 0x4d; dv.setUint32(2, size, true); dv.setUint32(10, 54, true); dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true); dv.setInt32(22, h, true); dv.setUint16(26, 1, true); dv.setUint16(28, 24, true);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [r, g, bl] = px(x, y), o = 54 + (h - 1 - y) * stride + 3 * x;
    b[o] = bl; b[o + 1] = g; b[o + 2] = r;
  }
  return b;
}
