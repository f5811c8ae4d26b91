// @candor/face/browser: the engine with onnxruntime-web and the browser's own image decoder.
// Model files are fetched from `modelBaseUrl` (the app serves them as static files).
import * as ort from 'onnxruntime-web';
import type { ImageDecoder, InferenceBackend, InferenceSession } from './backend.ts';
import { createFaceEngine, type FaceEngine, type FaceEngineOptions } from './engine.ts';
import { FaceError } from './errors.ts';

export * from './index.ts';

export function onnxWebBackend(): InferenceBackend {
  return {
    async load(location: string): Promise<InferenceSession> {
      const session = await ort.InferenceSession.create(location, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      const inputName = session.inputNames[0];
      return {
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

/** createImageBitmap applies the EXIF orientation ('from-image') in current browsers. */
export const canvasDecoder: ImageDecoder = {
  async decode(bytes) {
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), { imageOrientation: 'from-image' });
    } catch {
      throw new FaceError('IMAGE_CORRUPT');
    }
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new FaceError('IMAGE_CORRUPT', 'no 2d canvas');
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const data = new Uint8Array(bitmap.width * bitmap.height * 3);
    for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) { data[o] = rgba[i]; data[o + 1] = rgba[i + 1]; data[o + 2] = rgba[i + 2]; }
    bitmap.close();
    return { width: canvas.width, height: canvas.height, data };
  },
};

export function createBrowserFaceEngine(options: Partial<Pick<FaceEngineOptions, 'encoder' | 'liveness' | 'limits'>> & { modelBaseUrl: string }): Promise<FaceEngine> {
  const base = options.modelBaseUrl.endsWith('/') ? options.modelBaseUrl : `${options.modelBaseUrl}/`;
  return createFaceEngine({
    ...options,
    backend: onnxWebBackend(),
    decoder: canvasDecoder,
    resolveModel: (file) => (/^[a-z]+:|^\//.test(file) ? file : base + file),
  });
}
