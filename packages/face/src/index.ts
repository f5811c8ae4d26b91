// @candor/face: the face engine's public facade. Pure: no file system, HTTP or SQL; the model
// runtime and image decoder are injected (see ./node.ts and ./browser.ts).
export { FaceError, FACE_ERROR_MESSAGES, type FaceErrorCode } from './errors.ts';
export type { FaceAnalysis, FaceQuality, FaceTemplate, DetectedFace, Box, Point, FivePoints, RgbImage } from './types.ts';
export { compareFaces } from './compare.ts';
export { faceCalibration, registerFaceCalibration, buildCalibration, calibrationFrom, type ScoreCalibration, type CalibrationTable } from './calibration.ts';
export { createFaceEngine, type FaceEngine, type FaceEngineOptions, type FaceEngineInternals } from './engine.ts';
export type { InferenceBackend, InferenceSession, ImageDecoder } from './backend.ts';
export type { FaceEncoder } from './embed.ts';
export { DEFAULT_ENCODER, encoderModelId, type EncoderSpec } from './models.ts';
export { readHeader, checkLimits, type ImageHeader, type ImageLimits } from './header.ts';
export { estimateSimilarity, applySimilarity, align } from './align.ts';
export { limits as defaultLimits } from './params.ts';
