// Typed failures of the face engine. Each code has one meaning, never reused, so the API can turn it
// into a clear message without parsing text. Messages never contain image content.
export type FaceErrorCode =
  | 'EMPTY_INPUT' // zero bytes
  | 'UNSUPPORTED_FORMAT' // not JPEG, PNG or WebP (by magic bytes, whatever the file name says)
  | 'IMAGE_TOO_LARGE' // bytes or pixels over the limits; checked from the header before decoding
  | 'IMAGE_CORRUPT' // header or data cannot be decoded (truncated, malformed)
  | 'NO_FACE' // decoded, but no face was found
  | 'MODEL_MISMATCH' // templates of different models compared
  | 'MODEL_UNAVAILABLE'; // a model file could not be loaded

export const FACE_ERROR_MESSAGES: Record<FaceErrorCode, string> = {
  EMPTY_INPUT: 'The image is empty.',
  UNSUPPORTED_FORMAT: 'The file is not a JPEG, PNG or WebP image.',
  IMAGE_TOO_LARGE: 'The image is too large.',
  IMAGE_CORRUPT: 'The image is damaged or incomplete and cannot be read.',
  NO_FACE: 'No face was found in the image.',
  MODEL_MISMATCH: 'The face templates come from different models and cannot be compared.',
  MODEL_UNAVAILABLE: 'A face model could not be loaded.',
};

export class FaceError extends Error {
  readonly code: FaceErrorCode;
  constructor(code: FaceErrorCode, detail?: string) {
    super(detail ? `${FACE_ERROR_MESSAGES[code]} (${detail})` : FACE_ERROR_MESSAGES[code]);
    this.name = 'FaceError';
    this.code = code;
  }
}
