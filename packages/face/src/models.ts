// The models the engine runs, and the configuration a user can give for their own encoder.
// Bundled models are the ONNX files shipped in the npm package faceplugin-face-recognition-js
// (MIT per its package.json); see docs/face.md for provenance.

export interface EncoderSpec {
  id: string; // stable name; templates record `${id}@${version}` and are only compared within it
  version: string;
  location: string; // file name of a bundled model, or an absolute path / URL of the user's own
  inputSize: number; // square input, aligned to the ArcFace 5-point reference scaled to this size
  mean: number; std: number; // (pixel - mean) / std
  channels: 'rgb' | 'bgr';
  output?: string; // output name; the first output when absent
  flip?: boolean; // add the embedding of the mirrored crop
}

export const DEFAULT_ENCODER: EncoderSpec = {
  id: 'faceplugin-fr_feature',
  version: '0.0.1',
  location: 'fr_feature.onnx',
  inputSize: 112,
  mean: 127, std: 128,
  channels: 'rgb',
  flip: true,
};

export const BUNDLED = {
  package: 'faceplugin-face-recognition-js',
  version: '0.0.1',
  detector: 'fr_detect.onnx',
  landmarks: 'fr_landmark.onnx',
  liveness: 'fr_liveness.onnx',
  eyes: 'fr_eye.onnx',
} as const;

export const encoderModelId = (spec: EncoderSpec): string => `${spec.id}@${spec.version}`;
export const LIVENESS_MODEL_ID = `faceplugin-fr_liveness@${BUNDLED.version}`;
