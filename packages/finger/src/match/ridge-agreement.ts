// Ridge-flow agreement of two aligned prints: the mean of cos 2Δ over the blocks of the probe's
// ridge field that land on a foreground block of the candidate's, Δ being the difference of their
// ridge directions after the alignment's rotation (the alignment may also scale: positions only). Two impressions of one finger agree almost
// everywhere (median 0.97 on FVC2002 B); an impostor aligned by a few chance minutia pairings
// mostly does not (median 0.64), even when its minutia score is high (docs/finger.md).
import { params } from '../params.ts';
import { codeDirection } from '../extract/ridge-field.ts';
import type { RidgeField } from '../types.ts';

const cosTable = new Float64Array(64);

/** Mean cos 2Δ in [-1, 1] and the number of common blocks; the transform maps probe pixels to candidate pixels. */
export function ridgeAgreement(p: RidgeField, c: RidgeField, rot: number, dx: number, dy: number, scale = 1): { agreement: number; blocks: number } {
  const cs = Math.cos(rot) * scale, sn = Math.sin(rot) * scale;
  // cos 2(θc − θp − rot) for every pair of codes depends only on their difference: one table per comparison.
  const L = p.levels;
  const sameLevels = c.levels === L;
  if (sameLevels) for (let d = -(L - 1); d <= L - 1; d++) cosTable[d + L - 1] = Math.cos(2 * ((d * Math.PI) / L - rot));
  const pb = p.block, cb = 1 / c.block, ccols = c.cols, crows = c.rows, pc = p.codes, cc = c.codes;
  let sum = 0, n = 0;
  for (let by = 0; by < p.rows; by++) {
    const y = (by + 0.5) * pb;
    for (let bx = 0; bx < p.cols; bx++) {
      const a = pc[by * p.cols + bx];
      if (a === 0) continue;
      const x = (bx + 0.5) * pb;
      const X = (cs * x - sn * y + dx) * cb, Y = (sn * x + cs * y + dy) * cb;
      if (X < 0 || Y < 0 || X >= ccols || Y >= crows) continue;
      const b = cc[(Y | 0) * ccols + (X | 0)];
      if (b === 0) continue;
      sum += sameLevels ? cosTable[b - a + L - 1] : Math.cos(2 * (codeDirection(b, c.levels) - codeDirection(a, L) - rot));
      n++;
    }
  }
  return { agreement: n ? sum / n : 0, blocks: n };
}

/** The factor a minutia score is multiplied by: agreement^power, or fieldlessFactor when it cannot be measured. */
export function ridgeFactor(p: RidgeField | undefined, c: RidgeField | undefined, rot: number, dx: number, dy: number, scale = 1): number {
  if (!p || !c) return params.fieldlessFactor;
  const { agreement, blocks } = ridgeAgreement(p, c, rot, dx, dy, scale);
  if (blocks < params.fieldMinBlocks) return params.fieldlessFactor;
  return Math.max(0, agreement) ** params.fieldAgreementPower;
}
