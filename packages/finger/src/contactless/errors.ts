// Typed rejection reasons of the contactless pipeline (codes are stable; messages are for people).

export type ContactlessErrorCode =
  | 'EMPTY_INPUT'
  | 'UNSUPPORTED_FORMAT'
  | 'IMAGE_CORRUPT'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_TOO_SMALL'
  | 'NO_FINGER' // no fingertip-like region with ridges
  | 'NO_RIDGES' // a finger-shaped region, but no measurable ridge period
  | 'FINGER_TOO_SMALL'; // the fingertip is too small in the photo to resolve its ridges

export class ContactlessError extends Error {
  readonly code: ContactlessErrorCode;
  constructor(code: ContactlessErrorCode, message: string) {
    super(message);
    this.name = 'ContactlessError';
    this.code = code;
  }
}
