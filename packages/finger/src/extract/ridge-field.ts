// The coarse ridge field stored in a template: the 8-px orientation field averaged over 3 × 3 blocks
// (doubled-angle vectors weighted by coherence, so the 0/π ambiguity and noisy blocks do not bias it)
// and quantised to a 4-bit code. A 24-px block is about three ridge periods: fine enough to tell two
// prints' flows apart after alignment, coarse enough to cost 4 bits per 576 pixels of print.
import { params } from '../params.ts';
import type { RidgeField } from '../types.ts';
import type { BlockGrid } from './grid.ts';
import type { OrientationField } from './orientation.ts';

/** The 4-bit code of a ridge direction (radians, any multiple of π apart are the same direction): 1..levels. */
export function directionCode(angle: number, levels: number): number {
  const a = ((angle % Math.PI) + Math.PI) % Math.PI;
  return 1 + (Math.round((a / Math.PI) * levels) % levels);
}

/** The ridge direction (radians in [0, π)) a non-zero code stands for. */
export function codeDirection(code: number, levels: number): number {
  return ((code - 1) * Math.PI) / levels;
}

export function ridgeField(field: OrientationField, mask: Uint8Array, grid: BlockGrid): RidgeField {
  const block = params.ridgeFieldBlock, levels = params.ridgeFieldLevels;
  const r = Math.max(1, Math.round(block / grid.size));
  const cols = Math.ceil(grid.cols / r), rows = Math.ceil(grid.rows / r);
  const codes = new Uint8Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let c = 0, s = 0, n = 0, coherence = 0;
      for (let y = by * r; y < Math.min(grid.rows, (by + 1) * r); y++) {
        for (let x = bx * r; x < Math.min(grid.cols, (bx + 1) * r); x++) {
          const i = y * grid.cols + x;
          if (!mask[i]) continue;
          const w = field.coherence[i] + 0.05; // a flat block still says something; a coherent one more
          c += w * Math.cos(2 * field.angle[i]); s += w * Math.sin(2 * field.angle[i]); n++; coherence += field.coherence[i];
        }
      }
      // Foreground when at least half of its sub-blocks are: edge blocks mostly outside the print are noise.
      if (2 * n < r * r) continue;
      // A block whose ridge flow is unclear (smudged, blotchy, scarred) says nothing reliable about the flow, and
      // minutiae found there are mostly false: it counts as background for the agreement and the common area.
      if (coherence / n < params.ridgeFieldMinCoherence) continue;
      codes[by * cols + bx] = directionCode(Math.atan2(s, c) / 2, levels);
    }
  }
  return { block, cols, rows, levels, codes };
}
