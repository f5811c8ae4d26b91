import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONDITIONS, blur, mapLevels, noise, resample, rotate } from '../src/finger/capture-conditions.ts';
import { fvcScores } from '../src/finger/protocol.ts';
import type { Enrolled } from '../src/finger/dataset.ts';
import type { GrayImage } from '@candor/finger';

const img = (w: number, h: number, f: (x: number, y: number) => number): GrayImage => {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
  return { width: w, height: h, data };
};
const ramp = img(7, 4, (x, y) => 10 * x + 60 * y);

test('quarter turns are exact pixel moves: four make the identity, two make a half turn', () => {
  const q = rotate(ramp, 90);
  assert.deepEqual([q.width, q.height], [4, 7]);
  // Clockwise on screen: the top-left pixel goes to the top-right.
  assert.equal(q.data[3], ramp.data[0]);
  let r = ramp; for (let k = 0; k < 4; k++) r = rotate(r, 90);
  assert.deepEqual(r, ramp);
  assert.deepEqual(rotate(rotate(ramp, 90), 90), rotate(ramp, 180));
  assert.deepEqual(rotate(ramp, -90), rotate(ramp, 270));
});

test('an arbitrary turn keeps the whole image on a larger canvas, corners filled with the background', () => {
  const square = img(40, 40, (x, y) => (x > 15 && x < 25 && y > 15 && y < 25 ? 0 : 230));
  const r = rotate(square, 30);
  assert.ok(r.width > 40 && r.height > 40);
  assert.equal(r.data[0], 230, 'corner filled with the light background');
  // The dark centre square stays dark at the centre.
  assert.ok(r.data[(r.height >> 1) * r.width + (r.width >> 1)] < 30);
});

test('resampling: sizes follow the factor, shrinking averages (a flat image stays flat)', () => {
  const flat = img(50, 30, () => 77);
  const s = resample(flat, 0.8);
  assert.deepEqual([s.width, s.height], [40, 24]);
  assert.ok(s.data.every((v) => v === 77));
  const g = resample(flat, 1.25);
  assert.deepEqual([g.width, g.height], [63, 38]);
  assert.ok(g.data.every((v) => v === 77));
  // Alternate columns 0/200 shrunk by half average to 100, not alias to one of them.
  const stripes = img(40, 10, (x) => (x % 2 ? 200 : 0));
  assert.ok(resample(stripes, 0.5).data.every((v) => v === 100));
});

test('tone curves, noise and blur', () => {
  const lighter = mapLevels(ramp, (v) => 255 * (v / 255) ** 0.6);
  for (let i = 0; i < ramp.data.length; i++) assert.ok(lighter.data[i] >= ramp.data[i]);
  const flat = img(64, 64, () => 128);
  const n1 = noise(flat, 12, 3), n2 = noise(flat, 12, 3), n3 = noise(flat, 12, 4);
  assert.deepEqual(n1, n2, 'reproducible from its seed');
  assert.notDeepEqual(n1, n3);
  const mean = n1.data.reduce((a, v) => a + v, 0) / n1.data.length;
  const sd = Math.sqrt(n1.data.reduce((a, v) => a + (v - mean) ** 2, 0) / n1.data.length);
  assert.ok(Math.abs(mean - 128) < 1 && Math.abs(sd - 12) < 1, `noise mean ${mean}, sd ${sd}`);
  assert.deepEqual(blur(flat, 1), flat, 'a flat image is unchanged by blur');
  const edge = img(20, 5, (x) => (x < 10 ? 0 : 200));
  const b = blur(edge, 1);
  assert.ok(b.data[9] > 0 && b.data[10] < 200, 'an edge is softened');
});

test('every default condition has a unique name and keeps the image valid', () => {
  assert.equal(new Set(CONDITIONS.map((c) => c.name)).size, CONDITIONS.length);
  for (const c of CONDITIONS) {
    const out = c.apply({ image: ramp, dpi: 500 }, 1);
    assert.equal(out.image.data.length, out.image.width * out.image.height, c.name);
    assert.ok(out.dpi > 300 && out.dpi < 700, c.name);
  }
});

test('fvcScores with a second capture compares each earlier sample with the later one as captured there', () => {
  const s = (finger: string, impression: number): Enrolled => ({ finger, impression, path: '', template: null, quality: 0, ms: 0 });
  const a = [s('1', 1), s('1', 2), s('2', 1), s('2', 2)];
  const same = fvcScores(a);
  assert.deepEqual([same.genuine.length, same.impostor.length, same.extended.length], [2, 1, 4]);
  assert.deepEqual(fvcScores(a, a.map((e) => ({ ...e }))), same);
  assert.throws(() => fvcScores(a, a.slice(1)), RangeError);
});
