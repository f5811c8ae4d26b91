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

// Which graph optimisation level runs a model faster depends on the CPU. 'all' adds the NCHWc layout
// transformations (blocked convolution kernels): on one machine here it ran the encoder in about 8 ms
// of CPU instead of 12 and the detector in 5 instead of 11 (docs/face.md "Speed"); on another (a
// Xeon with AVX-512) the encoder took ~105 ms per run with 'all' against ~29 with 'extended' (session
// 10, `bench face-extract`). So each model is loaded at both levels, the first runs alternate between
// the two sessions and are timed, and the faster one is kept (the other released). Outputs differ by
// float rounding only (cosine >= 1 - 1e-8 on 300 LFW images; the same LFW figures).
const LEVELS = ['all', 'extended'] as const;
/** Timed runs per level before choosing (after one untimed warm-up run each). */
const TUNING_RUNS = 3;

export function onnxNodeBackend(threads = 1): InferenceBackend {
  return {
    async load(location: string, options: LoadOptions = {}): Promise<InferenceSession> {
      const base: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' };
      const batchable = options.batch ? makeBatchSymbolic(new Uint8Array(await readFile(location))) : null;
      const sessions: ort.InferenceSession[] = [];
      for (const level of LEVELS) {
        const opts = { ...base, graphOptimizationLevel: level };
        sessions.push(batchable ? await ort.InferenceSession.create(batchable, opts) : await ort.InferenceSession.create(location, opts));
      }
      const inputName = sessions[0].inputNames[0];
      const times: number[][] = LEVELS.map(() => []);
      const inflight = LEVELS.map(() => 0);
      let chosen = -1, retired = -1, calls = 0; // session indexes; -1 = none yet / none to release
      return {
        batched: batchable !== null,
        async run(input: Float32Array, shape: number[]): Promise<Record<string, Float32Array>> {
          const k = chosen >= 0 ? chosen : calls++ % LEVELS.length;
          const session = sessions[k];
          inflight[k]++;
          const t0 = performance.now();
          let out: ort.InferenceSession.OnnxValueMapType;
          try {
            out = await session.run({ [inputName]: new ort.Tensor('float32', input, shape) });
          } finally {
            inflight[k]--;
          }
          if (chosen < 0) {
            times[k].push(performance.now() - t0);
            if (times.every((ts) => ts.length > TUNING_RUNS)) {
              const med = times.map((ts) => median(ts.slice(1)));
              chosen = med.indexOf(Math.min(...med));
              retired = 1 - chosen;
            }
          }
          if (retired >= 0 && inflight[retired] === 0) { void sessions[retired].release(); retired = -1; }
          const result: Record<string, Float32Array> = {};
          for (const [name, t] of Object.entries(out)) result[name] = (t as ort.Tensor).data as Float32Array;
          return result;
        },
      };
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
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
