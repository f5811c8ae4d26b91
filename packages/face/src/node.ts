// @candor/face/node: the engine with onnxruntime-node and sharp. Never imported by browser code.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { ImageDecoder, InferenceBackend, InferenceSession, LoadOptions } from './backend.ts';
import { createFaceEngine, type FaceEngineInternals, type FaceEngineOptions } from './engine.ts';
import { FaceError } from './errors.ts';
import { BUNDLED } from './models.ts';
import { makeBatchSymbolic } from './onnx-batch.ts';
import { limits } from './params.ts';

export * from './index.ts';

export interface NodeFaceEngineOptions extends Partial<Pick<FaceEngineOptions, 'encoder' | 'liveness' | 'limits'>> {
  /** Threads per model run; 1 keeps one request on one core, which serves concurrent requests best. */
  threads?: number;
}

// 'all' adds the NCHWc layout transformations (blocked convolution kernels for AVX2). In CPU time on
// one thread (docs/face.md "Speed") it runs the encoder in about 8 ms instead of 12, the detector
// in 5 instead of 11 and the landmark model in 0.7 instead of 2.4. An earlier wall-clock probe on a
// loaded machine had found it 3x slower; CPU time did not reproduce that. Embeddings differ from
// 'extended' by float rounding only (cosine >= 1 - 1e-8 on 300 LFW images; same LFW figures).
export function onnxNodeBackend(threads = 1): InferenceBackend {
  return {
    async load(location: string, options: LoadOptions = {}): Promise<InferenceSession> {
      const sessionOptions: ort.InferenceSession.SessionOptions = {
        graphOptimizationLevel: 'all', intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential',
      };
      const batchable = options.batch ? makeBatchSymbolic(new Uint8Array(await readFile(location))) : null;
      const session = batchable
        ? await ort.InferenceSession.create(batchable, sessionOptions)
        : await ort.InferenceSession.create(location, sessionOptions);
      const inputName = session.inputNames[0];
      return {
        batched: batchable !== null,
        async run(input: Float32Array, shape: number[]): Promise<Record<string, Float32Array>> {
          const out = await session.run({ [inputName]: new ort.Tensor('float32', input, shape) });
          const result: Record<string, Float32Array> = {};
          for (const [name, t] of Object.entries(out)) result[name] = t.data as Float32Array;
          return result;
        },
      };
    },
  };
}

export const sharpDecoder: ImageDecoder = {
  async decode(bytes) {
    try {
      const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'warning' })
        .rotate() // applies the EXIF orientation
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new FaceError('IMAGE_CORRUPT', `${info.channels} channels`);
      return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    } catch (e) {
      if (e instanceof FaceError) throw e;
      throw new FaceError('IMAGE_CORRUPT');
    }
  },
};

/** Directory of the bundled ONNX models (inside the faceplugin-face-recognition-js package). */
export function bundledModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${BUNDLED.package}/package.json`)), 'model');
}

export async function createNodeFaceEngine(options: NodeFaceEngineOptions = {}): Promise<FaceEngineInternals> {
  const dir = bundledModelDir();
  return createFaceEngine({
    ...options,
    backend: onnxNodeBackend(options.threads ?? 1),
    decoder: sharpDecoder,
    resolveModel: (file) => (isAbsolute(file) ? file : join(dir, file)),
  });
}
