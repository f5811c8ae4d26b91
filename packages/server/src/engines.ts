// The biometric engines as the server sees them. Injected into the app factory so tests run with
// small deterministic fakes and `candor serve` with the real ones (`real-engines.ts`).
import type { ScoreCalibration } from './fusion.ts';

export interface FaceProbe {
  template: Float32Array; modelId: string;
  quality: { score: number; reasons: string[] };
  faceCount: number;
  /** Where the analysed face is (pixels of the decoded image), when the engine reports it. */
  box?: { x1: number; y1: number; x2: number; y2: number };
}
export interface FaceEnginePort {
  readonly modelId: string;
  /** Throws an error with `code` (NO_FACE, IMAGE_CORRUPT, ...) when the image is unusable. */
  analyze(bytes: Uint8Array): Promise<FaceProbe>;
  readonly calibration: ScoreCalibration;
}
export interface FingerProbe { template: Uint8Array; quality: { score: number; reasons: string[] } }
export interface FingerEnginePort {
  /** Identifies the template format, stored with each template. */
  readonly modelId: string;
  extract(bytes: Uint8Array, opts: { dpi?: number; contactless?: boolean }): Promise<FingerProbe>;
  /** Decoded form kept in memory for 1:N, so candidates are not decoded per search. */
  decode(template: Uint8Array): unknown;
  /** Prepares a probe once (expensive) and returns a cheap per-candidate comparison. */
  prepare(probe: Uint8Array): (candidate: unknown) => number;
  calibration(contactless: boolean): ScoreCalibration;
}
export interface Engines { face?: FaceEnginePort; finger?: FingerEnginePort }

/** Engine failure codes mapped onto the API's error registry. */
export function engineErrorCode(err: unknown): 'NO_FACE' | 'IMAGE_INVALID' | 'NOT_A_FINGERPRINT' | 'QUALITY_TOO_LOW' | 'ENGINE_UNAVAILABLE' | null {
  const code = (err as { code?: unknown })?.code;
  switch (code) {
    case 'NO_FACE': return 'NO_FACE';
    case 'EMPTY_INPUT': case 'UNSUPPORTED_FORMAT': case 'IMAGE_TOO_LARGE': case 'IMAGE_CORRUPT': case 'IMAGE_TOO_SMALL': return 'IMAGE_INVALID';
    case 'NOT_A_FINGERPRINT': case 'NO_FINGER': case 'NO_RIDGES': return 'NOT_A_FINGERPRINT';
    // Contactless: the fingertip is too small in the photo to resolve ridges ("move closer").
    case 'TOO_FEW_MINUTIAE': case 'FINGER_TOO_SMALL': return 'QUALITY_TOO_LOW';
    case 'MODEL_UNAVAILABLE': return 'ENGINE_UNAVAILABLE';
    default: return null;
  }
}
