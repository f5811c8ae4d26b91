// Five landmarks from the 68-point model (iBUG 300-W layout) run on a 64x64 gray crop of the square
// around the detector box; the 5 ArcFace points are eye centres (mean of the four eyelid points),
// nose tip (point 30) and mouth corners (mean of outer and inner lip corners).
import type { InferenceSession } from './backend.ts';
import { rectToOutput, toGray, warp } from './image.ts';
import { landmarks as P } from './params.ts';
import type { Box, FivePoints, Point, RgbImage } from './types.ts';

export interface Landmarks68 { points: Float32Array } // x0, y0, x1, y1, ... in image pixels

export async function locate68(image: RgbImage, box: Box, session: InferenceSession): Promise<Landmarks68> {
  const side = (box.y2 - box.y1) * P.cropScale;
  const cx = (box.x1 + box.x2) / 2, cy = (box.y1 + box.y2) / 2;
  let points = await runOnSquare(image, cx - side / 2, cy - side / 2, side, session);
  for (let pass = 0; pass < P.refinePasses; pass++) {
    // Re-centre on the landmarks themselves, which the detector's box only approximates.
    let mx = 0, my = 0;
    for (let i = 0; i < 68; i++) { mx += points[2 * i]; my += points[2 * i + 1]; }
    points = await runOnSquare(image, mx / 68 - side / 2, my / 68 - side / 2 + P.refineShiftY * side, side, session);
  }
  return { points };
}

async function runOnSquare(image: RgbImage, x: number, y: number, side: number, session: InferenceSession): Promise<Float32Array> {
  const n = P.inputSize;
  const gray = toGray(warp(image, rectToOutput(x, y, side, side, n, n), n, n, 0));
  for (let i = 0; i < gray.length; i++) gray[i] /= 256;
  const raw = Float32Array.from((await session.run(gray, [1, 1, n, n])).output);
  if (P.flipAverage) {
    // Average with the prediction on the mirrored crop (mapped back, left and right points
    // swapped): the model's errors on a face and on its mirror image are partly independent.
    const mirrored = new Float32Array(gray.length);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mirrored[y * n + x] = gray[y * n + n - 1 - x];
    const m = (await session.run(mirrored, [1, 1, n, n])).output;
    for (let i = 0; i < 68; i++) {
      const j = MIRROR[i];
      raw[2 * i] = (raw[2 * i] + 1 - m[2 * j]) / 2;
      raw[2 * i + 1] = (raw[2 * i + 1] + m[2 * j + 1]) / 2;
    }
  }
  const points = new Float32Array(136);
  for (let i = 0; i < 68; i++) { points[2 * i] = x + raw[2 * i] * side; points[2 * i + 1] = y + raw[2 * i + 1] * side; }
  return points;
}

// Index of each iBUG-68 point's mirror image (jaw, brows, nose, eyes, outer and inner lips).
const MIRROR: number[] = (() => {
  const pairs: [number, number][] = [];
  for (let i = 0; i <= 16; i++) pairs.push([i, 16 - i]);
  for (let i = 17; i <= 26; i++) pairs.push([i, 43 - i]);
  for (let i = 27; i <= 30; i++) pairs.push([i, i]);
  for (let i = 31; i <= 35; i++) pairs.push([i, 66 - i]);
  const eyes: [number, number][] = [[36, 45], [37, 44], [38, 43], [39, 42], [40, 47], [41, 46]];
  const lips: [number, number][] = [[48, 54], [49, 53], [50, 52], [51, 51], [55, 59], [56, 58], [57, 57], [60, 64], [61, 63], [62, 62], [65, 67], [66, 66]];
  for (const [a, b] of [...eyes, ...lips]) { pairs.push([a, b]); pairs.push([b, a]); }
  const map = new Array<number>(68);
  for (const [a, b] of pairs) map[a] = b;
  return map;
})();

const mean = (p: Float32Array, idx: number[]): Point => {
  let x = 0, y = 0;
  for (const i of idx) { x += p[2 * i]; y += p[2 * i + 1]; }
  return [x / idx.length, y / idx.length];
};

export function fivePoints({ points }: Landmarks68): FivePoints {
  return [mean(points, [37, 38, 40, 41]), mean(points, [43, 44, 46, 47]), mean(points, [30]), mean(points, [48, 60]), mean(points, [54, 64])];
}
