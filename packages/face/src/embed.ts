// Embedding: any encoder that turns an aligned crop into a vector. The default runs an ArcFace-style
// ONNX model; with flip augmentation the embeddings of the crop and its mirror image are summed
// (a face and its mirror are the same person, and the sum cancels some pose and lighting noise).
import type { InferenceSession } from './backend.ts';
import { toTensor } from './image.ts';
import { encoderModelId, type EncoderSpec } from './models.ts';
import type { RgbImage } from './types.ts';

export interface FaceEncoder {
  readonly modelId: string;
  readonly inputSize: number;
  /** L2-normalised embedding of an aligned inputSize x inputSize crop. */
  encode(aligned: RgbImage): Promise<Float32Array>;
}

export class OnnxFaceEncoder implements FaceEncoder {
  readonly modelId: string;
  readonly inputSize: number;
  constructor(private readonly session: InferenceSession, private readonly spec: EncoderSpec) {
    this.modelId = encoderModelId(spec);
    this.inputSize = spec.inputSize;
  }

  async encode(aligned: RgbImage): Promise<Float32Array> {
    const sum = await this.run(aligned, false);
    if (this.spec.flip) {
      const mirrored = await this.run(aligned, true);
      for (let i = 0; i < sum.length; i++) sum[i] += mirrored[i];
    }
    return normalize(sum);
  }

  private async run(aligned: RgbImage, flip: boolean): Promise<Float32Array> {
    const { mean, std, channels, inputSize: n } = this.spec;
    const out = await this.session.run(toTensor(aligned, mean, std, { flip, bgr: channels === 'bgr' }), [1, 3, n, n]);
    const vector = this.spec.output ? out[this.spec.output] : Object.values(out)[0];
    return Float32Array.from(vector);
  }
}

export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const k = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i] *= k;
  return v;
}
