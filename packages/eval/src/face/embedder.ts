// Embeds dataset images once each with the face engine's stages (decode, detect, align, embed;
// quality and liveness are not needed for accuracy), remembering failures to enrol.
import { readFile } from 'node:fs/promises';
import { align, type FaceEngineInternals } from '@candor/face';
import { imagePath } from './pairs.ts';

export interface Embedded { vectors: Map<string, Float32Array | null>; seconds: number }

export async function embedAll(engine: FaceEngineInternals, imagesDir: string, keys: Iterable<string>, progress = false): Promise<Embedded> {
  const vectors = new Map<string, Float32Array | null>();
  const start = performance.now();
  const list = [...new Set(keys)];
  for (const [n, k] of list.entries()) {
    vectors.set(k, await embedOne(engine, await readFile(imagePath(imagesDir, k))));
    if (progress && n % 500 === 499) process.stderr.write(`  embedded ${n + 1}/${list.length}\n`);
  }
  return { vectors, seconds: (performance.now() - start) / 1000 };
}

export async function embedOne(engine: FaceEngineInternals, bytes: Uint8Array): Promise<Float32Array | null> {
  try {
    const image = await engine.decode(bytes);
    const { faces } = await engine.detect(image);
    if (faces.length === 0) return null;
    return await engine.encoder.encode(align(image, faces[0].landmarks, engine.encoder.inputSize));
  } catch {
    return null;
  }
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
