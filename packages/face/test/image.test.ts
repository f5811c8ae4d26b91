// The warp and tensor loops have fast paths (interior pixels; plain RGB); they must give exactly
// what the plain definitions give, including at the image border and outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTensor, warp, type Affine } from '../src/image.ts';
import type { RgbImage } from '../src/types.ts';

function noiseImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = 12345;
  for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) >>> 0; data[i] = s >>> 24; }
  return { width, height, data };
}

/** Bilinear sampling written straight from its definition, out-of-image neighbours = fill. */
function referenceWarp(src: RgbImage, [a, b, c, d, e, f]: Affine, width: number, height: number, fill: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const at = (x: number, y: number, ch: number): number =>
    x < 0 || y < 0 || x >= src.width || y >= src.height ? fill : src.data[(y * src.width + x) * 3 + ch];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const sx = a * x + b * y + c, sy = d * x + e * y + f;
    const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
    for (let ch = 0; ch < 3; ch++) {
      const top = at(x0, y0, ch) + (at(x0 + 1, y0, ch) - at(x0, y0, ch)) * fx;
      const bottom = at(x0, y0 + 1, ch) + (at(x0 + 1, y0 + 1, ch) - at(x0, y0 + 1, ch)) * fx;
      out[(y * width + x) * 3 + ch] = Math.floor(top + (bottom - top) * fy + 0.5);
    }
  }
  return out;
}

test('warp equals plain bilinear sampling inside, across and beyond the image border', () => {
  const src = noiseImage(37, 29);
  const cases: Affine[] = [
    [0.93, -0.21, -4.3, 0.21, 0.93, -6.7], // rotated, partly outside on every side
    [1.6, 0, -12.25, 0, 1.6, -9.5], // scaled letterbox, as the detector input
    [1, 0, 0, 0, 1, 0], // identity
  ];
  for (const m of cases) {
    for (const fill of [0, 127]) {
      assert.deepEqual(warp(src, m, 41, 33, fill).data, referenceWarp(src, m, 41, 33, fill));
    }
  }
});

test('toTensor: planar (value - mean) / std, and mirrored / BGR variants', () => {
  const img = noiseImage(5, 3);
  const plane = 15;
  const plain = toTensor(img, 127, 128), flipped = toTensor(img, 127, 128, { flip: true, bgr: true });
  for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) for (let ch = 0; ch < 3; ch++) {
    const v = (img.data[(y * 5 + x) * 3 + ch] - 127) * (1 / 128);
    assert.equal(plain[ch * plane + y * 5 + x], Math.fround(v));
    assert.equal(flipped[(2 - ch) * plane + y * 5 + (4 - x)], Math.fround(v));
  }
});
