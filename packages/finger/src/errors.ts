// Every failure the engine reports, with a stable code callers can branch on.
export type FingerErrorCode =
  | 'EMPTY_INPUT'
  | 'IMAGE_CORRUPT'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_TOO_SMALL'
  | 'UNSUPPORTED_FORMAT'
  | 'NOT_A_FINGERPRINT'
  | 'TOO_FEW_MINUTIAE'
  | 'TEMPLATE_CORRUPT'
  | 'TEMPLATE_VERSION';

export class FingerError extends Error {
  readonly code: FingerErrorCode;
  constructor(code: FingerErrorCode, message: string) {
    super(message);
    this.name = 'FingerError';
    this.code = code;
  }
}
