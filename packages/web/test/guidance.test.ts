// On-device capture measures and guidance, on synthetic frames made here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brightness, centreRegion, lumaFromRgba, motion, sharpness, type Luma } from '../src/capture/measures.ts';
import { AutoCapture, assessFrame, pixelRegion } from '../src/capture/guidance.ts';
import { frontalness } from '../src/capture/detector.ts';

function frame(width: number, height: number, f: (x: number, y: number) => number): Luma {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = Math.max(0, Math.min(255, Math.round(f(x, y))));
  return { width, height, data };
}
/** A textured scene: checkerboard of 4-pixel squares around a mean level. */
const textured = (mean: number, amp = 60) => frame(160, 120, (x, y) => mean + (((x >> 2) + (y >> 2)) % 2 ? amp : -amp));
/** Box-blurs a frame (radius r) to simulate defocus. */
function blur(l: Luma, r: number): Luma {
  return frame(l.width, l.height, (x, y) => {
    let s = 0, n = 0;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
      const xx = Math.min(l.width - 1, Math.max(0, x + dx)), yy = Math.min(l.height - 1, Math.max(0, y + dy));
      s += l.data[yy * l.width + xx]; n++;
    }
    return s / n;
  });
}

test('luma follows Rec. 601 weights', () => {
  const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 200, 200, 200, 255]);
  const l = lumaFromRgba(rgba, 4, 1);
  assert.deepEqual([...l.data], [76, 149, 28, 200]);
});

test('brightness and motion are means over the region', () => {
  const a = frame(10, 10, (x) => (x < 5 ? 0 : 200));
  assert.equal(brightness(a), 100);
  assert.equal(brightness(a, { x: 5, y: 0, width: 5, height: 10 }), 200);
  const b = frame(10, 10, (x) => (x < 5 ? 10 : 200));
  assert.equal(motion(a, b), 5);
  assert.deepEqual(centreRegion(a, 0.5), { x: 2, y: 2, width: 5, height: 5 });
});

test('sharpness falls when the image is blurred', () => {
  const sharp = textured(128);
  const soft = blur(sharp, 3);
  assert.ok(sharpness(sharp) > 10 * sharpness(soft), `${sharpness(sharp)} vs ${sharpness(soft)}`);
  assert.equal(sharpness(frame(20, 20, () => 90)), 0);
});

test('a well-lit sharp steady frame passes; dark, bright, blurred and moving ones say why', () => {
  const good = textured(128);
  assert.deepEqual(assessFrame(good, good).codes, []);
  assert.equal(assessFrame(good, good).ok, true);
  assert.ok(assessFrame(textured(30, 20), null).codes.includes('TOO_DARK'));
  assert.ok(assessFrame(textured(235, 15), null).codes.includes('TOO_BRIGHT'));
  assert.ok(assessFrame(blur(good, 3), null).codes.includes('BLURRED'));
  assert.ok(assessFrame(good, textured(128, -60)).codes.includes('HOLD_STILL'));
  assert.ok(assessFrame(good, good).score > assessFrame(blur(good, 3), good).score);
});

test('with a face box: distance and centring guidance; a detector that finds nothing says so', () => {
  const good = textured(128);
  const small = assessFrame(good, good, { x: 70, y: 50, width: 20, height: 24 });
  assert.deepEqual(small.codes, ['MOVE_CLOSER']);
  const big = assessFrame(good, good, { x: 0, y: 0, width: 150, height: 118 });
  assert.ok(big.codes.includes('MOVE_BACK'));
  const offCentre = assessFrame(good, good, { x: 0, y: 0, width: 60, height: 60 });
  assert.ok(offCentre.codes.includes('CENTRE_FACE'));
  const turned = assessFrame(good, good, { x: 50, y: 30, width: 60, height: 60, frontal: 0.3 });
  assert.deepEqual(turned.codes, ['FACE_CAMERA']);
  assert.deepEqual(assessFrame(good, good, null).codes, ['NO_FACE']);
});

test('fractional and overhanging detector boxes are measured on whole pixels inside the frame', () => {
  const good = textured(128);
  const a = assessFrame(good, good, { x: 40.6, y: 20.3, width: 79.7, height: 80.2 });
  assert.ok(Number.isFinite(a.measures.brightness) && Number.isFinite(a.measures.sharpness) && Number.isFinite(a.score));
  assert.deepEqual(pixelRegion({ x: -5.5, y: 100.2, width: 300, height: 50 }, good), { x: 0, y: 100, width: 160, height: 20 });
});

test('automatic capture fires once after enough consecutive passing frames', () => {
  const auto = new AutoCapture(3);
  assert.deepEqual([true, true, false, true, true, true, true].map((ok) => auto.update(ok)), [false, false, false, false, false, true, false]);
  auto.reset();
  assert.deepEqual([true, true, true].map((ok) => auto.update(ok)), [false, false, true]);
});

test('frontalness from five landmarks: 1 facing the camera, lower as the head turns', () => {
  const facing: [number, number][] = [[40, 50], [80, 50], [60, 70], [45, 90], [75, 90]];
  const turned: [number, number][] = [[40, 50], [80, 50], [75, 70], [45, 90], [75, 90]];
  assert.equal(frontalness(facing), 1);
  assert.ok(Math.abs(frontalness(turned) - 0.25) < 1e-9);
  assert.ok(assessFrame(textured(128), null, { x: 50, y: 30, width: 60, height: 60, frontal: frontalness(turned) }).codes.includes('FACE_CAMERA'));
});

test('contactless capture issues become capture-screen guidance', async () => {
  const { fingerGuidance } = await import('../src/capture/finger-check.ts');
  assert.deepEqual(fingerGuidance(75, []), { ok: true, score: 75, codes: [] });
  assert.equal(fingerGuidance(20, []).ok, false);
  assert.deepEqual(fingerGuidance(30, ['FINGER_TOO_SMALL', 'RIDGES_TOO_FINE', 'GLARE']).codes, ['MOVE_CLOSER', 'GLARE']);
  assert.deepEqual(fingerGuidance(0, ['UNDEREXPOSED', 'MOTION']).codes, ['TOO_DARK', 'HOLD_STILL']);
});
