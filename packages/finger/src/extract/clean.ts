// Binary clean-up before thinning: pores (small valley islands inside a ridge) and specks
// (small ridge islands in a valley) become lakes and short ridges in the skeleton, i.e. pairs of
// false minutiae; flipping components smaller than a few ridge widths removes them at the source.
import { params } from '../params.ts';

/**
 * `bin` is 0 outside the mask; `fg` is the pixel mask (1 = foreground). The background is never
 * walked (it is most of the image): a valley component that reaches it only needs to know that it
 * does, since such valleys are never flipped. Stacks are typed arrays, no closures per pixel.
 */
export function removeSmallComponents(bin: Uint8Array, w: number, h: number, fg: Uint8Array): Uint8Array {
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h); const comp = new Int32Array(w * h);
  const last = (h - 1) * w;
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || !fg[start]) continue;
    const v = bin[start];
    let sp = 0, nc = 0; let touchesOutside = false;
    stack[sp++] = start; seen[start] = 1;
    while (sp) {
      const i = stack[--sp]; comp[nc++] = i;
      const x = i % w;
      // The four 4-neighbours in the same order as ever: W, E, N, S.
      for (let d = 0; d < 4; d++) {
        let j: number;
        if (d === 0) { if (x === 0) continue; j = i - 1; } else if (d === 1) { if (x === w - 1) continue; j = i + 1; }
        else if (d === 2) { if (i < w) continue; j = i - w; } else { if (i >= last) continue; j = i + w; }
        if (seen[j] || bin[j] !== v) continue;
        if (!fg[j]) { touchesOutside = true; continue; }
        seen[j] = 1; stack[sp++] = j;
      }
    }
    const limit = v ? params.minRidgeBlob : params.minValleyBlob;
    if (nc < limit && !(v === 0 && touchesOutside)) { const flip = v ? 0 : 1; for (let q = 0; q < nc; q++) bin[comp[q]] = flip; }
  }
  return bin;
}
