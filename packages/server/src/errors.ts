// Every error the API can answer with, in one registry. Codes are stable: never reuse or rename one;
// docs/server.md documents each (a test checks that). Responses are RFC 9457 problem+json.
export const ERRORS = {
  BAD_REQUEST: { status: 400, title: 'The request is malformed' },
  VALIDATION_FAILED: { status: 400, title: 'The request body or parameters do not match the schema' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send application/json' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is larger than the limit' },
  UNAUTHENTICATED: { status: 401, title: 'A valid bearer token is required' },
  BAD_CREDENTIALS: { status: 401, title: 'Wrong username or password' },
  TOTP_REQUIRED: { status: 401, title: 'This account needs a TOTP code' },
  TOTP_INVALID: { status: 401, title: 'The TOTP code is wrong or expired' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, title: 'Set a new password before using the API' },
  FORBIDDEN: { status: 403, title: 'Your roles do not allow this' },
  NOT_FOUND: { status: 404, title: 'No such resource' },
  UNKNOWN_REGISTRY: { status: 404, title: 'No such registry' },
  UNKNOWN_RECORD: { status: 404, title: 'No such record' },
  UNKNOWN_SEARCH: { status: 404, title: 'No such search' },
  UNKNOWN_CANDIDATE: { status: 404, title: 'No such candidate rank in this search' },
  USERNAME_TAKEN: { status: 409, title: 'That username already exists' },
  REQUEST_ID_CONFLICT: { status: 409, title: 'This requestId was already used for a different enrolment' },
  UNKNOWN_PURPOSE: { status: 400, title: 'The purpose is not one of the configured search purposes' },
  CASE_REF_REQUIRED: { status: 400, title: 'A case reference is required' },
  REASON_REQUIRED: { status: 400, title: 'A reason is required for this action' },
  NO_PROBE: { status: 400, title: 'Send a face image, one or more fingerprints, or both' },
  MODALITY_NOT_SUPPORTED: { status: 400, title: 'The registry does not hold this modality' },
  FIELDS_INVALID: { status: 422, title: 'The biographic fields do not match the registry schema' },
  IMAGE_INVALID: { status: 422, title: 'The image could not be decoded' },
  NO_FACE: { status: 422, title: 'No face was found in the image' },
  NOT_A_FINGERPRINT: { status: 422, title: 'The image does not look like a fingerprint' },
  QUALITY_TOO_LOW: { status: 422, title: 'The sample is below the quality gate for enrolment' },
  TRAINING_ONLY: { status: 403, title: 'Trainees may only search training registries' },
  MIXED_TRAINING: { status: 400, title: 'Training and operational registries cannot be searched together' },
  CROSS_REGISTRY_FORBIDDEN: { status: 403, title: 'Searching several registries at once needs the cross_registry role' },
  NOT_SEARCHABLE: { status: 403, title: 'Your roles may not search this registry' },
  NOT_READABLE: { status: 403, title: 'Your roles may not read this registry' },
  AUDIT_FAILED: { status: 503, title: 'The audit record could not be written, so no result is returned' },
  ENGINE_UNAVAILABLE: { status: 503, title: 'The biometric engine is not available' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extra?: Record<string, unknown>;
  constructor(code: ErrorCode, detail?: string, extra?: Record<string, unknown>) {
    super(detail ?? ERRORS[code].title);
    this.code = code;
    this.status = ERRORS[code].status;
    this.extra = extra;
  }
}

export interface Problem {
  type: string; title: string; status: number; detail: string; code: ErrorCode;
  [key: string]: unknown;
}

export function problem(code: ErrorCode, detail?: string, extra?: Record<string, unknown>): Problem {
  const e = ERRORS[code];
  return { ...extra, type: `https://candor.invalid/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: e.title, status: e.status, detail: detail ?? e.title, code };
}
