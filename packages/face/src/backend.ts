// What the engine needs from a platform: run an ONNX model, and decode an image to upright RGB.
// Node injects onnxruntime-node and sharp (./node.ts); the browser onnxruntime-web and a canvas.
import type { ImageHeader } from './header.ts';
import type { RgbImage } from './types.ts';

export interface InferenceSession {
  /** Runs the model on one input tensor; returns every output by name, flattened. */
  run(input: Float32Array, shape: number[]): Promise<Record<string, Float32Array>>;
  /** True when run accepts a batch (shape[0]) above 1; outputs are then the samples in order. */
  readonly batched?: boolean;
}

export interface LoadOptions {
  /** Ask for a model whose batch dimension accepts more than 1 (see onnx-batch.ts); best effort. */
  batch?: boolean;
}

export interface InferenceBackend {
  /** Loads a model given the location a ModelSpec names (a file path in Node, a URL in the browser). */
  load(location: string, options?: LoadOptions): Promise<InferenceSession>;
}

export interface ImageDecoder {
  /** Decodes to 8-bit RGB with the EXIF orientation applied. The header has passed the limits. */
  decode(bytes: Uint8Array, header: ImageHeader): Promise<RgbImage>;
}
