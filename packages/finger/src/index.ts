// Public facade of @candor/finger. Everything not exported here is internal.
export type { GrayImage, Minutia, RidgeField, FingerTemplate, FingerQuality, ExtractOptions, Extraction, ScoreCalibration } from './types.ts';
export { FingerError, type FingerErrorCode } from './errors.ts';
export { decodeFingerImage } from './decode/index.ts';
export { extractFromGray, extractFingerprint } from './extract/extract.ts';
export { directionCode, codeDirection } from './extract/ridge-field.ts';
export { encodeTemplate, decodeTemplate, isCurrentTemplate, TEMPLATE_VERSION, TEMPLATE_FAMILY } from './template/binary.ts';
export { toIso19794, fromIso19794 } from './template/iso19794.ts';
export { matchFingerprints, FingerprintMatcher } from './match/matcher.ts';
export { fingerCalibration, fuseFingerScores, evidence, calibrationFrom, type CalibrationTable } from './match/calibration.ts';
export { fuseFingerEvidence, sumTail, MAX_PROBE_FINGERS, type FusedFingers } from './match/fusion.ts';
export { FingerIndex, deepPassWarranted, type FingerSearchHit, type FingerSearchOptions, type FingerSearchResult, type PositionedFinger } from './match/finger-index.ts';
export { FingerGallery, GalleryProbe, deepRevoteDepth, revoteDepth, type ShortlistOptions } from './match/finger-gallery.ts';
