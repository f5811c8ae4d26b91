// End-to-end behaviour of the Node engine on real photos (shipped in an npm package) and on every
// kind of bad input. Figures (accuracy, speed) are measured by `candor eval face`, not here.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { compareFaces, FaceError, faceCalibration, type FaceAnalysis } from '@candor/face';
import { createNodeFaceEngine } from '@candor/face/node';
import { faceFixtures, type FaceFixtures } from './fixtures.ts';

let engine: Awaited<ReturnType<typeof createNodeFaceEngine>>;
let fx: FaceFixtures;
const code = (c: string) => (e: unknown): boolean => e instanceof FaceError && e.code === c;

before(async () => {
  engine = await createNodeFaceEngine();
  fx = await faceFixtures();
});

test('a single-face photo gives one face, 5 landmarks inside its box, a template and quality', async () => {
  const a = await engine.analyze(readFileSync(fx.personA));
  assert.equal(a.faces.length, 1);
  const { box, landmarks } = a.faces[0];
  for (const [x, y] of landmarks) assert.ok(x > box.x1 && x < box.x2 && y > box.y1 && y < box.y2);
  assert.ok(landmarks[0][0] < landmarks[1][0], 'left eye is left of right eye');
  assert.ok(landmarks[2][1] > landmarks[0][1] && landmarks[3][1] > landmarks[2][1], 'eyes above nose above mouth');
  assert.equal(a.template.vector.length, 512);
  const norm = Math.hypot(...a.template.vector);
  assert.ok(Math.abs(norm - 1) < 1e-4);
  assert.equal(a.template.modelId, engine.modelId);
  assert.ok(a.quality.score >= 0 && a.quality.score <= 100);
  assert.ok(a.quality.measures.interEyePx > 20);
  assert.ok(a.liveness && a.liveness.score >= 0 && a.liveness.score <= 1);
});

test('the same person scores far higher than a different person', async () => {
  const [a, a2, b] = await Promise.all([fx.personA, fx.personA2, fx.personB].map((p) => engine.analyze(readFileSync(p))));
  const same = compareFaces(a.template, a2.template), diff = compareFaces(a.template, b.template);
  assert.ok(same > diff + 0.2, `same ${same} vs different ${diff}`);
  const cal = faceCalibration(engine.modelId);
  assert.ok(cal.fmrAt(same) < cal.fmrAt(diff));
});

test('many faces: all are returned, the largest central one first', async () => {
  const group: FaceAnalysis = await engine.analyze(readFileSync(fx.group));
  assert.ok(group.faces.length >= 3, `found ${group.faces.length}`);
  const area = (i: number): number => (group.faces[i].box.x2 - group.faces[i].box.x1) * (group.faces[i].box.y2 - group.faces[i].box.y1);
  assert.ok(area(0) >= 0.5 * Math.max(...group.faces.map((_, i) => area(i))));
});

test('EXIF orientation is honoured: a rotated file with orientation 6 gives the upright face', async () => {
  const upright = readFileSync(fx.personA);
  // Store the pixels turned 90 degrees counter-clockwise, tagged "rotate 90 clockwise to view".
  const stored = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const a = await engine.analyze(upright), r = await engine.analyze(stored);
  assert.ok(compareFaces(a.template, r.template) > 0.8);
  assert.ok(Math.abs(r.quality.measures.roll - a.quality.measures.roll) < 5);
  assert.equal(r.width, a.width);
});

test('PNG and WebP decode like JPEG', async () => {
  const jpeg = readFileSync(fx.personB);
  const base = await engine.analyze(jpeg);
  for (const bytes of [await sharp(jpeg).png().toBuffer(), await sharp(jpeg).webp({ quality: 95 }).toBuffer()]) {
    assert.ok(compareFaces(base.template, (await engine.analyze(bytes)).template) > 0.9);
  }
});

test('bad inputs fail with typed errors', async () => {
  const jpeg = readFileSync(fx.personA);
  await assert.rejects(engine.analyze(new Uint8Array(0)), code('EMPTY_INPUT'));
  await assert.rejects(engine.analyze(new TextEncoder().encode('not an image, just text in photo.jpg')), code('UNSUPPORTED_FORMAT'));
  await assert.rejects(engine.analyze(jpeg.subarray(0, Math.floor(jpeg.length / 2))), code('IMAGE_CORRUPT'));
  await assert.rejects(engine.analyze(jpeg.subarray(0, 40)), (e: unknown) => e instanceof FaceError && ['IMAGE_CORRUPT'].includes(e.code));
  const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'white' } }).png().toBuffer();
  const view = new DataView(bomb.buffer, bomb.byteOffset); view.setUint32(16, 30000); view.setUint32(20, 30000);
  await assert.rejects(engine.analyze(bomb), code('IMAGE_TOO_LARGE'));
});

test('an image without a face gives NO_FACE', async () => {
  const w = 320, h = 240, data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(Math.round((255 * (x + y)) / (w + h)), (y * w + x) * 3, (y * w + x) * 3 + 3);
  const gradient = await sharp(data, { raw: { width: w, height: h, channels: 3 } }).jpeg().toBuffer();
  await assert.rejects(engine.analyze(gradient), code('NO_FACE'));
});

test('quality falls and gives reasons for a dark, blurred, small face', async () => {
  const good = await engine.analyze(readFileSync(fx.personA));
  const bad = await sharp(readFileSync(fx.personA)).resize(110, 110).blur(1.2).linear(0.25, 0).resize(320, 320, { kernel: 'nearest' }).jpeg().toBuffer();
  const q = (await engine.analyze(bad)).quality;
  assert.ok(q.score < good.quality.score, `${q.score} < ${good.quality.score}`);
  assert.ok(q.reasons.some((r) => /dark/.test(r)), q.reasons.join('; '));
});
