// Occlusion hints. Eyes: the bundled 24x24 eye-state model on each eye (closed, covered or hidden
// eyes score low). Mouth: no model; a colour test on the aligned crop — a mask, scarf or hand over
// the mouth differs in chroma from the cheeks above it. A hint, not a measurement (docs/face.md).
import type { InferenceSession } from './backend.ts';
import { rectToOutput, toGray, warp } from './image.ts';
import type { Landmarks68 } from './landmarks.ts';
import type { RgbImage } from './types.ts';

export async function eyesVisible(image: RgbImage, lm: Landmarks68, session: InferenceSession): Promise<number> {
  const p = lm.points;
  const one = async (lids: number[], left: number, right: number): Promise<number> => {
    let cx = 0, cy = 0;
    for (const i of lids) { cx += p[2 * i]; cy += p[2 * i + 1]; }
    cx /= lids.length; cy /= lids.length;
    const side = Math.max(4, (p[2 * right] - p[2 * left]) * 1.6);
    const gray = toGray(warp(image, rectToOutput(cx - side / 2, cy - side / 2, side, side, 24, 24), 24, 24, 0));
    for (let i = 0; i < gray.length; i++) gray[i] /= 255;
    const out = Object.values(await session.run(gray, [1, 1, 24, 24]))[0];
    return softmax(out)[OPEN_CLASS];
  };
  return Math.min(await one([37, 38, 40, 41], 36, 39), await one([43, 44, 46, 47], 42, 45));
}

// Index of the "open" class of fr_eye.onnx, found by measurement on lfw-dev (eyes are open in most).
const OPEN_CLASS = 1;

export function softmax(v: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) max = Math.max(max, v[i]);
  const e = Array.from(v, (x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** 0..1: 1 when the lower face has the chroma of the cheeks, falling as it departs from it. */
export function mouthVisible(aligned: RgbImage): number {
  const s = aligned.width / 112;
  const cheeks = chroma(aligned, [[28, 58, 44, 72], [68, 58, 84, 72]], s);
  const mouth = chroma(aligned, [[40, 84, 72, 100]], s);
  const distance = Math.hypot(cheeks[0] - mouth[0], cheeks[1] - mouth[1]);
  return Math.max(0, Math.min(1, 1 - (distance - 8) / 24));
}

// Mean (Cb, Cr) over rectangles given in 112x112 coordinates.
function chroma(img: RgbImage, rects: number[][], s: number): [number, number] {
  let cb = 0, cr = 0, n = 0;
  for (const [x1, y1, x2, y2] of rects) {
    for (let y = Math.round(y1 * s); y < Math.round(y2 * s); y++) {
      for (let x = Math.round(x1 * s); x < Math.round(x2 * s); x++) {
        const o = (y * img.width + x) * 3, r = img.data[o], g = img.data[o + 1], b = img.data[o + 2];
        cb += -0.1687 * r - 0.3313 * g + 0.5 * b;
        cr += 0.5 * r - 0.4187 * g - 0.0813 * b;
        n++;
      }
    }
  }
  return [cb / n, cr / n];
}

