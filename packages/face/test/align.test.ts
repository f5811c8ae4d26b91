import { test } from 'node:test';
import assert from 'node:assert/strict';
import { align, applySimilarity, estimateSimilarity, type Point } from '@candor/face';

const reference: Point[] = [[38.29, 51.69], [73.53, 51.5], [56.02, 71.74], [41.55, 92.37], [70.73, 92.2]];

test('a known similarity transform is recovered exactly from 5 points', () => {
  const angle = 0.3, scale = 2.5, tx = 40, ty = -12;
  const t = { a: scale * Math.cos(angle), b: scale * Math.sin(angle), tx, ty };
  const moved = reference.map((p) => applySimilarity(t, p));
  const found = estimateSimilarity(reference, moved);
  assert.ok(Math.abs(found.a - t.a) < 1e-9 && Math.abs(found.b - t.b) < 1e-9);
  assert.ok(Math.abs(found.tx - tx) < 1e-9 && Math.abs(found.ty - ty) < 1e-9);
});

test('with noisy points the least-squares fit is close and better than any perturbation', () => {
  const t = { a: 1.7, b: -0.4, tx: 5, ty: 9 };
  const noise = [[0.3, -0.2], [-0.1, 0.4], [0.2, 0.1], [-0.3, -0.3], [0.1, 0.2]];
  const moved = reference.map((p, i) => { const q = applySimilarity(t, p); return [q[0] + noise[i][0], q[1] + noise[i][1]] as Point; });
  const found = estimateSimilarity(reference, moved);
  const cost = (s: typeof found): number => reference.reduce((sum, p, i) => { const q = applySimilarity(s, p); return sum + (q[0] - moved[i][0]) ** 2 + (q[1] - moved[i][1]) ** 2; }, 0);
  assert.ok(Math.abs(found.a - t.a) < 0.02 && Math.abs(found.b - t.b) < 0.02);
  for (const d of [{ a: 0.01 }, { b: 0.01 }, { tx: 0.05 }, { ty: -0.05 }]) assert.ok(cost(found) < cost({ ...found, ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k, (found as never)[k] + v])) }));
});

test('align warps a marked image so that the marks land on the reference points', () => {
  // A 300x200 image with a bright 3x3 dot at each of 5 points of a rotated, scaled face.
  const t = { a: 1.8 * Math.cos(-0.2), b: 1.8 * Math.sin(-0.2), tx: 60, ty: 10 };
  const points = reference.map((p) => applySimilarity(t, p));
  const width = 300, height = 200, data = new Uint8Array(width * height * 3);
  for (const [x, y] of points) {
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) data.fill(255, ((Math.round(y) + dy) * width + Math.round(x) + dx) * 3, ((Math.round(y) + dy) * width + Math.round(x) + dx) * 3 + 3);
  }
  // Landmarks are continuous coordinates: the centre of pixel (x, y) is (x + 0.5, y + 0.5).
  const crop = align({ width, height, data }, points.map(([x, y]) => [Math.round(x) + 0.5, Math.round(y) + 0.5] as Point));
  for (const [x, y] of reference) {
    const v = crop.data[(Math.round(y) * 112 + Math.round(x)) * 3];
    assert.ok(v > 80, `reference point (${x}, ${y}) is bright in the crop (${v})`);
  }
  assert.equal(crop.data[(5 * 112 + 5) * 3], 0);
});
