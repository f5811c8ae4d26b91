// Quality of the subject's face, after the ideas of ISO/IEC 29794-5 and OFIQ: each measure maps to a
// factor in 0..1, the unified score is 100 times their product, and each failing measure gives the
// operator a reason they can act on. Pose is estimated from the 5 landmarks (geometric, coarse).
import { toGray } from './image.ts';
import { quality as Q } from './params.ts';
import type { FaceQuality, FivePoints, RgbImage } from './types.ts';

const deg = (r: number): number => (r * 180) / Math.PI;
const clamp01 = (v: number): number => Math.max(0, Math.min(1, v));

/** Yaw, pitch, roll in degrees from 5 points (positive yaw: nose towards the image's right). */
export function estimatePose(p: FivePoints): { yaw: number; pitch: number; roll: number } {
  const [le, re, nose, lm, rm] = p;
  const roll = Math.atan2(re[1] - le[1], re[0] - le[0]);
  // Level the eyes, then measure the nose against the eye and mouth midpoints.
  const c = Math.cos(-roll), s = Math.sin(-roll);
  const rot = ([x, y]: [number, number]): [number, number] => [c * x - s * y, s * x + c * y];
  const [e1, e2, n, m1, m2] = [le, re, nose, lm, rm].map(rot);
  const eyeMid = [(e1[0] + e2[0]) / 2, (e1[1] + e2[1]) / 2], mouthMid = [(m1[0] + m2[0]) / 2, (m1[1] + m2[1]) / 2];
  const faceHeight = Math.max(1e-6, mouthMid[1] - eyeMid[1]);
  // The nose tip stands about half the eye-to-mouth distance in front of the eye-mouth plane.
  const yaw = Math.asin(Math.max(-1, Math.min(1, (n[0] - (eyeMid[0] + mouthMid[0]) / 2) / (0.5 * faceHeight))));
  // On the ArcFace reference the nose tip sits 0.495 of the way from the eye line to the mouth line.
  const t = (n[1] - eyeMid[1]) / faceHeight;
  const pitch = Math.asin(Math.max(-1, Math.min(1, (t - 0.495) * 2.2)));
  return { yaw: deg(yaw), pitch: deg(pitch), roll: deg(roll) };
}

/** Variance of the Laplacian over the inner face of the aligned crop, mapped to 0..1. */
export function sharpness(aligned: RgbImage): number {
  const g = toGray(aligned), w = aligned.width, s = w / 112;
  let sum = 0, sum2 = 0, n = 0;
  for (let y = Math.round(30 * s); y < Math.round(100 * s); y++) {
    for (let x = Math.round(24 * s); x < Math.round(88 * s); x++) {
      const i = y * w + x;
      const lap = g[i - 1] + g[i + 1] + g[i - w] + g[i + w] - 4 * g[i];
      sum += lap; sum2 += lap * lap; n++;
    }
  }
  const variance = sum2 / n - (sum / n) ** 2;
  return clamp01(1 - Math.exp(-variance / 60));
}

export function exposure(aligned: RgbImage): { brightness: number; contrast: number } {
  const g = toGray(aligned), w = aligned.width, s = w / 112;
  let sum = 0, sum2 = 0, n = 0;
  for (let y = Math.round(30 * s); y < Math.round(100 * s); y++) {
    for (let x = Math.round(24 * s); x < Math.round(88 * s); x++) { const v = g[y * w + x]; sum += v; sum2 += v * v; n++; }
  }
  const mean = sum / n;
  return { brightness: mean, contrast: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

export function assessQuality(points: FivePoints, aligned: RgbImage, hints: { eyesVisible: number; mouthVisible: number }): FaceQuality {
  const interEyePx = Math.hypot(points[1][0] - points[0][0], points[1][1] - points[0][1]);
  const pose = estimatePose(points);
  const sharp = sharpness(aligned);
  const { brightness, contrast } = exposure(aligned);
  const reasons: string[] = [];
  const factors: number[] = [];
  const check = (factor: number, reason: string): void => { factors.push(clamp01(factor)); if (factor < 0.999) reasons.push(reason); };

  if (interEyePx < Q.goodInterEyePx) check((interEyePx - Q.minInterEyePx / 2) / (Q.goodInterEyePx - Q.minInterEyePx / 2), 'move closer: the face is small in the picture');
  if (Math.abs(pose.yaw) > Q.maxYaw || Math.abs(pose.pitch) > Q.maxPitch) check(1 - (Math.max(Math.abs(pose.yaw) - Q.maxYaw, Math.abs(pose.pitch) - Q.maxPitch) / 30), 'face the camera: the head is turned');
  if (Math.abs(pose.roll) > Q.maxRoll) check(1 - (Math.abs(pose.roll) - Q.maxRoll) / 40, 'hold the phone level: the head is tilted');
  if (sharp < Q.minSharpness) check(sharp / Q.minSharpness, 'hold still: the picture is blurred');
  if (brightness < Q.darkMean) check(brightness / Q.darkMean, 'too dark: add light or move to a brighter spot');
  if (brightness > Q.brightMean) check(1 - (brightness - Q.brightMean) / (255 - Q.brightMean), 'too bright: avoid direct light on the face');
  if (contrast < Q.minContrast) check(contrast / Q.minContrast, 'flat lighting: the face has little contrast');
  if (hints.eyesVisible < Q.minEyesVisible) check(0.5 + hints.eyesVisible, 'eyes not visible: open eyes, remove dark glasses or hair');
  if (hints.mouthVisible < Q.minMouthVisible) check(0.5 + hints.mouthVisible, 'lower face covered: remove mask or scarf');

  const score = Math.round(100 * factors.reduce((a, b) => a * b, 1));
  return {
    score,
    measures: { interEyePx, ...pose, sharpness: sharp, brightness, contrast, eyesVisible: hints.eyesVisible, mouthVisible: hints.mouthVisible },
    reasons,
  };
}
