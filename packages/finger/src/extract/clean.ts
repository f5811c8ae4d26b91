// Binary clean-up before thinning: pores (small valley islands inside a ridge) and specks
// (small ridge islands in a valley) become lakes and short ridges in the skeleton, i.e. pairs of
// false minutiae; flipping components smaller than a few ridge widths removes them at the source.
import { params } from '../params.ts';

/**
 * `bin` is 0 outside the mask. The background is never walked (it is most of the image): a valley
 * component that reaches it only needs to know that it does, since such valleys are never flipped.
 */
export function removeSmallComponents(bin: Uint8Array, w: number, h: number, mask: (x: number, y: number) => boolean): Uint8Array {
  const seen = new Uint8Array(w * h);
  const stack: number[] = []; const comp: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || !mask(start % w, (start / w) | 0)) continue;
    const v = bin[start];
    stack.push(start); seen[start] = 1; comp.length = 0;
    let touchesOutside = false;
    const visit = (j: number, x: number, y: number) => {
      if (seen[j] || bin[j] !== v) return;
      if (!mask(x, y)) { touchesOutside = true; return; }
      seen[j] = 1; stack.push(j);
    };
    while (stack.length) {
      const i = stack.pop()!; comp.push(i);
      const x = i % w, y = (i / w) | 0;
      if (x > 0) visit(i - 1, x - 1, y);
      if (x < w - 1) visit(i + 1, x + 1, y);
      if (y > 0) visit(i - w, x, y - 1);
      if (y < h - 1) visit(i + w, x, y + 1);
    }
    const limit = v ? params.minRidgeBlob : params.minValleyBlob;
    if (comp.length < limit && !(v === 0 && touchesOutside)) for (const i of comp) bin[i] = v ? 0 : 1;
  }
  return bin;
}
