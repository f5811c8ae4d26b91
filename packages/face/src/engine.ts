// The pipeline, top to bottom: header check, decode, detect, landmarks, align, embed, quality,
// liveness. Platform pieces (model runtime, image decoder) are injected.
import { align } from './align.ts';
import type { ImageDecoder, InferenceBackend, InferenceSession, LoadOptions } from './backend.ts';
import { detectFaces } from './detect.ts';
import { OnnxFaceEncoder, type FaceEncoder } from './embed.ts';
import { FaceError } from './errors.ts';
import { checkLimits, readHeader } from './header.ts';
import { fivePoints, locate68, type Landmarks68 } from './landmarks.ts';
import { livenessScore } from './liveness.ts';
import { BUNDLED, DEFAULT_ENCODER, LIVENESS_MODEL_ID, type EncoderSpec } from './models.ts';
import { eyesVisible, mouthVisible } from './occlusion.ts';
import { detector as D, limits as defaultLimits } from './params.ts';
import { assessQuality } from './quality.ts';
import type { DetectedFace, FaceAnalysis, RgbImage } from './types.ts';
import type { ImageLimits } from './header.ts';

export interface FaceEngine {
  readonly modelId: string;
  /** Decodes, finds every face and analyses faces[0]. Throws FaceError. Safe to call concurrently. */
  analyze(bytes: Uint8Array): Promise<FaceAnalysis>;
}

export interface FaceEngineOptions {
  backend: InferenceBackend;
  decoder: ImageDecoder;
  /** Where bundled model files are: resolves a file name to what backend.load accepts. */
  resolveModel: (file: string) => string;
  encoder?: EncoderSpec | FaceEncoder;
  liveness?: boolean; // default true
  limits?: ImageLimits;
}

/** Stage-level access for evaluation and diagnostics; most callers want analyze(). */
export interface FaceEngineInternals extends FaceEngine {
  decode(bytes: Uint8Array): Promise<RgbImage>;
  detect(image: RgbImage): Promise<{ faces: DetectedFace[]; landmarks: Landmarks68[] }>;
  encoder: FaceEncoder;
}

export async function createFaceEngine(options: FaceEngineOptions): Promise<FaceEngineInternals> {
  const load = async (file: string, loadOptions?: LoadOptions): Promise<InferenceSession> => {
    const location = options.resolveModel(file);
    try { return await options.backend.load(location, loadOptions); } catch (e) { throw new FaceError('MODEL_UNAVAILABLE', file); }
  };
  const [detector, landmarker, eyes] = await Promise.all([load(BUNDLED.detector), load(BUNDLED.landmarks), load(BUNDLED.eyes)]);
  const live = options.liveness === false ? null : await load(BUNDLED.liveness);
  const given = options.encoder ?? DEFAULT_ENCODER;
  const encoder: FaceEncoder = 'encode' in given
    ? given
    : new OnnxFaceEncoder(await load(given.location, { batch: given.flip }), given); // crop + mirror in one run
  const limits = options.limits ?? defaultLimits;

  const decode = async (bytes: Uint8Array): Promise<RgbImage> => {
    const header = readHeader(bytes);
    checkLimits(bytes, header, limits);
    try {
      return await options.decoder.decode(bytes, header);
    } catch (e) {
      if (e instanceof FaceError) throw e;
      throw new FaceError('IMAGE_CORRUPT');
    }
  };

  const detect = async (image: RgbImage): Promise<{ faces: DetectedFace[]; landmarks: Landmarks68[] }> => {
    let found = await detectFaces(image, detector, D.padding);
    if (found.length === 0) found = await detectFaces(image, detector, D.retryPadding);
    const landmarks: Landmarks68[] = [];
    for (const d of found) landmarks.push(await locate68(image, d.box, landmarker));
    return { faces: found.map((d, i) => ({ ...d, landmarks: fivePoints(landmarks[i]) })), landmarks };
  };

  return {
    modelId: encoder.modelId,
    encoder,
    decode,
    detect,
    async analyze(bytes: Uint8Array): Promise<FaceAnalysis> {
      const image = await decode(bytes);
      const { faces, landmarks } = await detect(image);
      if (faces.length === 0) throw new FaceError('NO_FACE');
      const subject = faces[0];
      const aligned = align(image, subject.landmarks, encoder.inputSize);
      const vector = await encoder.encode(aligned);
      const quality = assessQuality(subject.landmarks, aligned.width === 112 ? aligned : align(image, subject.landmarks, 112), {
        eyesVisible: await eyesVisible(image, landmarks[0], eyes),
        mouthVisible: mouthVisible(aligned),
      });
      const analysis: FaceAnalysis = { width: image.width, height: image.height, faces, quality, template: { modelId: encoder.modelId, vector } };
      if (live) analysis.liveness = { score: await livenessScore(image, subject.box, live), model: LIVENESS_MODEL_ID };
      return analysis;
    },
  };
}
