// Presentation-attack score from the bundled fr_liveness model: a 128x128 crop of the face box
// enlarged 2.7 times (kept inside the image), raw 0..255 pixels, three classes. See docs/face.md for
// what it catches and misses: it is a weak detector and must not be relied on alone.
import type { InferenceSession } from './backend.ts';
import { rectToOutput, warp } from './image.ts';
import { softmax } from './occlusion.ts';
import { liveness as P } from './params.ts';
import type { Box, RgbImage } from './types.ts';

// Index of the bona fide class, found by measurement (docs/face.md).
export const LIVE_CLASS = 1;

export async function livenessScore(image: RgbImage, box: Box, session: InferenceSession): Promise<number> {
  const bw = box.x2 - box.x1, bh = box.y2 - box.y1;
  const scale = Math.min((image.height - 1) / bh, (image.width - 1) / bw, P.cropScale);
  const w = bw * scale, h = bh * scale;
  let x = (box.x1 + box.x2) / 2 - w / 2, y = (box.y1 + box.y2) / 2 - h / 2;
  x = Math.max(0, Math.min(x, image.width - w)); y = Math.max(0, Math.min(y, image.height - h));
  const n = P.inputSize;
  const crop = warp(image, rectToOutput(x, y, w, h, n, n), n, n, 0);
  const plane = n * n, input = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) input[c * plane + i] = crop.data[i * 3 + c];
  const out = Object.values(await session.run(input, [1, 3, n, n]))[0];
  return softmax(out)[LIVE_CLASS];
}
