import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moveField } from '../src/finger/synthetic.ts';

const field = (codes: number[], cols: number) => ({ block: 24, cols, rows: codes.length / cols, levels: 15, codes: Uint8Array.from(codes) });

test('a synthetic copy\'s ridge field moves with its minutiae: shifted by whole blocks, codes shift', () => {
  const f = field([1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0], 4);
  const moved = moveField(f, 0, 48, 36, 24, 0);
  assert.deepEqual(Array.from(moved.codes), [0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9]);
});

test('rotating by a multiple of the code step adds that many steps to every direction, wrapping at π', () => {
  const f = field(new Array(25).fill(14), 5);
  // About the centre of the middle block, so that block maps onto itself.
  const moved = moveField(f, (3 * Math.PI) / 15, 60, 60, 0, 0);
  assert.equal(moved.codes[12], 2); // code 14 is 13π/15; + 3π/15 = 16π/15 ≡ π/15, code 2
  assert.ok(Array.from(moved.codes).every((c) => c === 0 || c === 2));
});
