// Binary clean-up before thinning: pores (small valley islands inside a ridge) and specks
// (small ridge islands in a valley) become lakes and short ridges in the skeleton, i.e. pairs of
// false minutiae; flipping components smaller than a few ridge widths removes them at the source.
import { params } from '../params.ts';

export function removeSmallComponents(bin: Uint8Array, w: number, h: number, mask: (x: number, y: number) => boolean): Uint8Array {
  const seen = new Uint8Array(w * h);
  const stack: number[] = []; const comp: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start]) continue;
    const v = bin[start];
    stack.push(start); seen[start] = 1; comp.length = 0;
    let touchesOutside = false;
    while (stack.length) {
      const i = stack.pop()!; comp.push(i);
      const x = i % w, y = (i / w) | 0;
      if (!mask(x, y)) touchesOutside = true;
      if (x > 0 && !seen[i - 1] && bin[i - 1] === v) { seen[i - 1] = 1; stack.push(i - 1); }
      if (x < w - 1 && !seen[i + 1] && bin[i + 1] === v) { seen[i + 1] = 1; stack.push(i + 1); }
      if (y > 0 && !seen[i - w] && bin[i - w] === v) { seen[i - w] = 1; stack.push(i - w); }
      if (y < h - 1 && !seen[i + w] && bin[i + w] === v) { seen[i + w] = 1; stack.push(i + w); }
    }
    const limit = v ? params.minRidgeBlob : params.minValleyBlob;
    if (comp.length < limit && !(v === 0 && touchesOutside)) for (const i of comp) bin[i] = v ? 0 : 1;
  }
  return bin;
}
