// Alignment: the least-squares similarity transform (rotation, uniform scale, translation; no
// reflection) taking the 5 detected points onto the ArcFace reference, then one warp to 112x112.
// In 2-D, Umeyama's SVD solution reduces to a closed form: with centred point sets x_i (image) and
// y_i (reference), a = s*cos(t) = sum(x.y)/sum|x|^2 and b = s*sin(t) = sum(x cross y)/sum|x|^2.
import { warp, type Affine } from './image.ts';
import { arcfaceReference, embedding } from './params.ts';
import type { Point, RgbImage } from './types.ts';

export interface Similarity { a: number; b: number; tx: number; ty: number } // u = a*x - b*y + tx; v = b*x + a*y + ty

export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
  const n = from.length;
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) { fx += from[i][0]; fy += from[i][1]; tx += to[i][0]; ty += to[i][1]; }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const x = from[i][0] - fx, y = from[i][1] - fy, u = to[i][0] - tx, v = to[i][1] - ty;
    dot += x * u + y * v;
    cross += x * v - y * u;
    norm += x * x + y * y;
  }
  if (norm === 0) throw new Error('degenerate landmarks');
  const a = dot / norm, b = cross / norm;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return [t.a * p[0] - t.b * p[1] + t.tx, t.b * p[0] + t.a * p[1] + t.ty];
}

/** The inverse map (aligned crop -> image), which is what the warp samples with. */
export function inverseAffine(t: Similarity): Affine {
  const k = t.a * t.a + t.b * t.b;
  const ia = t.a / k, ib = -t.b / k; // inverse rotation-scale
  return [ia, -ib, -(ia * t.tx - ib * t.ty), ib, ia, -(ib * t.tx + ia * t.ty)];
}

export function align(image: RgbImage, points: readonly Point[], size = embedding.size): RgbImage {
  const scale = size / 112;
  const reference = arcfaceReference.map(([x, y]) => [x * scale, y * scale] as Point);
  // The reference is in pixel-index convention; landmarks are continuous coordinates.
  const indexed = points.map(([x, y]) => [x - 0.5, y - 0.5] as Point);
  return warp(image, inverseAffine(estimateSimilarity(indexed, reference)), size, size, 0);
}
