import { FaceError } from './errors.ts';
import type { FaceTemplate } from './types.ts';

/** Cosine similarity of two L2-normalised templates, -1..1. Throws MODEL_MISMATCH across models. */
export function compareFaces(a: FaceTemplate, b: FaceTemplate): number {
  if (a.modelId !== b.modelId || a.vector.length !== b.vector.length) {
    throw new FaceError('MODEL_MISMATCH', `${a.modelId} vs ${b.modelId}`);
  }
  let s = 0;
  for (let i = 0; i < a.vector.length; i++) s += a.vector[i] * b.vector[i];
  return s;
}
