import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticFaces } from '../src/cli/synthetic-faces.ts';

function xorshift(seed: number) { let s = seed >>> 0 || 1; return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 2 ** 32; }; }
const dot = (a: Float32Array, ao: number, b: Float32Array, bo: number, d: number) => { let s = 0; for (let j = 0; j < d; j++) s += a[ao + j] * b[bo + j]; return s; };

test('synthetic face templates reproduce the requested impostor spread and genuine similarity', () => {
  const D = 512, N = 400;
  const gen = syntheticFaces(D, { impostorStd: 0.08, genuineCos: 0.65 }, xorshift(7));
  const centres = new Float32Array(N * D), a = new Float32Array(N * D), b = new Float32Array(N * D);
  for (let i = 0; i < N; i++) { gen.centre(centres, i * D); gen.sample(centres, i * D, a, i * D); gen.sample(centres, i * D, b, i * D); }
  let g = 0; const imp: number[] = [];
  for (let i = 0; i < N; i++) {
    g += dot(a, i * D, b, i * D, D) / N;
    assert.ok(Math.abs(dot(a, i * D, a, i * D, D) - 1) < 1e-4, 'unit length');
    for (let k = i + 1; k < N; k += 7) imp.push(dot(a, i * D, b, k * D, D));
  }
  const mean = imp.reduce((s, x) => s + x, 0) / imp.length;
  const std = Math.sqrt(imp.reduce((s, x) => s + (x - mean) ** 2, 0) / imp.length);
  assert.ok(Math.abs(g - 0.65) < 0.05, `genuine mean ${g}`);
  assert.ok(Math.abs(mean) < 0.02, `impostor mean ${mean}`);
  assert.ok(Math.abs(std - 0.08) < 0.015, `impostor std ${std}`);
  // Random isotropic vectors would give 1/sqrt(512) = 0.044: the generator really is wider.
  assert.ok(std > 0.06);
});
