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
    if (this.spec.flip && this.session.batched) {
      // Crop and mirror as a batch of 2: one model run, the same two embeddings summed in the same order.
      const both = await this.run([this.tensor(aligned, false), this.tensor(aligned, true)]);
      const half = both.length / 2;
      const sum = both.slice(0, half);
      for (let i = 0; i < half; i++) sum[i] += both[half + i];
      return normalize(sum);
    }
    const sum = await this.run([this.tensor(aligned, false)]);
    if (this.spec.flip) {
      const mirrored = await this.run([this.tensor(aligned, true)]);
      for (let i = 0; i < sum.length; i++) sum[i] += mirrored[i];
    }
    return normalize(sum);
  }

  private tensor(aligned: RgbImage, flip: boolean): Float32Array {
    return toTensor(aligned, this.spec.mean, this.spec.std, { flip, bgr: this.spec.channels === 'bgr' });
  }

  /** Runs a batch of CHW tensors; returns the outputs of all samples, concatenated. */
  private async run(tensors: Float32Array[]): Promise<Float32Array> {
    const n = this.spec.inputSize;
    const input = tensors.length === 1 ? tensors[0] : new Float32Array(tensors.length * tensors[0].length);
    if (tensors.length > 1) tensors.forEach((t, i) => input.set(t, i * t.length));
    const out = await this.session.run(input, [tensors.length, 3, n, n]);
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
