// Public facade of the contactless (camera) finger pipeline.
export type { GrayImage, RgbImage, Mask, Hand, FingerPosition, Fingertip, CaptureIssue, CaptureQuality } from './types.ts';
export { ContactlessError, type ContactlessErrorCode } from './errors.ts';
export { decodeColorImage } from './decode.ts';
export { contactlessToGray, contactlessToGrayAll, extractContactless, type ContactlessOptions, type ContactlessExtraction, type PhotoInput } from './contactless.ts';
export type { ContactlessPrint } from './normalise.ts';
export { selectSharpestFrame, type BestFrame, type FrameReport } from './frames.ts';
export { contactlessCalibration, contactlessCalibrationSize } from './calibration.ts';
