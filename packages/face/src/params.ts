// Every tuned number of the face engine, in one place. Values marked "measured" were chosen on
// lfw-dev pairsDevTrain with `candor eval face` (see docs/face.md); the rest come from the models'
// published pre-processing.
import type { ImageLimits } from './header.ts';

export const limits: ImageLimits = {
  maxBytes: 15 * 1024 * 1024, // under the API's 20 MB body limit once base64 is decoded
  maxPixels: 40_000_000, // a 48 MP phone photo is ~48e6; 40 MP keeps a decode under ~120 MB RGB
  maxSide: 12_000,
};

export const detector = {
  inputWidth: 320,
  inputHeight: 240,
  mean: 127, std: 128, // (x - 127) / 128, RGB
  minConfidence: 0.6,
  nmsIou: 0.4,
  maxFaces: 20,
  // Border added around the image before detection, as a fraction of its larger side. The detector
  // was trained on scenes, and misses or mis-sizes faces that fill a tight crop (LFW, ID photos).
  padding: 0.25,
  // A second pass with more padding when the first finds nothing.
  retryPadding: 0.6,
};

export const landmarks = {
  inputSize: 64, // gray, x / 256
  // The 68-point model was trained on square crops of its detector's box; the box is made square
  // (side = box height) around its centre, then scaled by this factor.
  cropScale: 1.0,
  // Re-run the landmark model on a crop centred on the first estimate (measured: see docs).
  refinePasses: 0, // measured: 1 pass made no difference on 300 DevTrain pairs, at +20% time
  flipAverage: false,
  refineShiftY: 0, // where the landmark centroid sits in the crop, as a fraction of its side
};

// ArcFace canonical 5 points in a 112x112 crop (InsightFace's reference, public).
export const arcfaceReference: [number, number][] = [
  [38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041],
];

export const embedding = {
  size: 112,
  mean: 127, std: 128,
  flipAugment: true, // add the embedding of the mirrored crop (measured)
};

export const liveness = {
  inputSize: 128,
  cropScale: 2.7, // context around the face box the model was trained with
};

export const quality = {
  minInterEyePx: 40, // ISO/IEC 19794-5 / ICAO ask for >= 90 px for a passport photo; 40 is the field floor
  goodInterEyePx: 90,
  maxYaw: 25, maxPitch: 25, maxRoll: 20, // degrees
  darkMean: 60, brightMean: 200, minContrast: 25,
  minSharpness: 0.25,
  minEyesVisible: 0.5,
  minMouthVisible: 0.4,
};
