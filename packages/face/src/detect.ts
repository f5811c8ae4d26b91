// Face detection with the RFB-320 prior-box detector. The exported model already decodes its priors
// (centre offsets and log sizes scaled by the variances) into corner boxes normalised to the input,
// so what remains here is: letterbox the image into 320x240 with a grey border, keep confident
// boxes, non-maximum suppression, map back to image pixels, and order the faces.
import type { InferenceSession } from './backend.ts';
import { rectToOutput, toTensor, warp } from './image.ts';
import { detector as P } from './params.ts';
import type { Box, RgbImage } from './types.ts';

export interface Detection { box: Box; confidence: number }

export async function detectFaces(image: RgbImage, session: InferenceSession, padding = P.padding): Promise<Detection[]> {
  const { inputWidth: W, inputHeight: H } = P;
  const pad = padding * Math.max(image.width, image.height);
  const scale = Math.min(W / (image.width + 2 * pad), H / (image.height + 2 * pad));
  // The image occupies [ox, ox + width*scale) x [oy, oy + height*scale) of the detector input.
  const ox = (W - image.width * scale) / 2, oy = (H - image.height * scale) / 2;
  const input = warp(image, rectToOutput(-ox / scale, -oy / scale, W / scale, H / scale, W, H), W, H, P.mean);
  const out = await session.run(toTensor(input, P.mean, P.std), [1, 3, H, W]);
  const scores = out.scores, boxes = out.boxes;
  const found: Detection[] = [];
  for (let i = 0; i < scores.length / 2; i++) {
    const confidence = scores[2 * i + 1];
    if (confidence < P.minConfidence) continue;
    const b = boxes.subarray(4 * i, 4 * i + 4);
    const box = {
      x1: clamp((b[0] * W - ox) / scale, 0, image.width), y1: clamp((b[1] * H - oy) / scale, 0, image.height),
      x2: clamp((b[2] * W - ox) / scale, 0, image.width), y2: clamp((b[3] * H - oy) / scale, 0, image.height),
    };
    if (box.x2 - box.x1 > 1 && box.y2 - box.y1 > 1) found.push({ box, confidence });
  }
  return orderFaces(suppress(found), image.width, image.height).slice(0, P.maxFaces);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

/** Greedy non-maximum suppression, most confident first. */
export function suppress(found: Detection[]): Detection[] {
  const sorted = [...found].sort((p, q) => q.confidence - p.confidence);
  const kept: Detection[] = [];
  for (const d of sorted) if (kept.every((k) => iou(k.box, d.box) < P.nmsIou)) kept.push(d);
  return kept;
}

/**
 * The intended subject first: the operator frames the person they photograph, so size counts most,
 * the detector's confidence scales it (a half-cut face at the frame's edge scores lower), and
 * distance from the centre discounts it (a face at a corner counts a fifth). Measured on lfw-dev
 * DevTest (docs/face.md): the previous rule (area, corner counts half) chose a cut-off bystander
 * at the left edge over the centred subject of Jean_Carnahan_0002.
 */
export function orderFaces<T extends { box: Box; confidence?: number }>(faces: T[], width: number, height: number): T[] {
  const weight = ({ box, confidence }: T): number => {
    const cx = (box.x1 + box.x2) / 2 / width - 0.5, cy = (box.y1 + box.y2) / 2 / height - 0.5;
    const off = Math.min(1, Math.hypot(cx, cy) / Math.SQRT1_2);
    return (box.x2 - box.x1) * (box.y2 - box.y1) * (confidence ?? 1) * (1 - 0.8 * off);
  };
  return [...faces].sort((p, q) => weight(q) - weight(p));
}
