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
/**
 * Finger templates as the engine indexes them for 1:N: slot-addressed, with the engine's prefilter
 * (so a search compares a shortlist, not every stored finger). The server keeps one gallery per
 * finger position (finger-shelves.ts), so a gallery never sees positions.
 */
export interface FingerGalleryPort {
  /** Stores a template; its slot, or -1 when the engine cannot search it (too few features). */
  add(template: Uint8Array): number;
  readonly size: number;
  /** The `count` slots most likely to hold a mate of a prepared probe, best first; `deep`: also the
   * engine's deep-pass candidates (a second, deeper look, see FingerEnginePort.wantsDeepPass). */
  shortlist(probe: unknown, count: number, opts?: { deep?: boolean }): number[];
  /** Full comparison of a prepared probe with a stored slot. */
  compare(probe: unknown, slot: number): number;
}
export interface FingerEnginePort {
  /** Identifies the template format, stored with each template. */
  readonly modelId: string;
  extract(bytes: Uint8Array, opts: { dpi?: number; contactless?: boolean }): Promise<FingerProbe>;
  /** Prepares a probe template once (expensive) for every shortlist and comparison of a search. */
  prepare(probe: Uint8Array): unknown;
  /** A new, empty gallery (one per registry and finger position). */
  gallery(): FingerGalleryPort;
  calibration(contactless: boolean): ScoreCalibration;
  /** Whether a search of this prepared probe finger that found nothing better than `bestFmr` among
   * `galleryFingers` stored fingers should look again with the galleries' deep pass. Absent: never. */
  wantsDeepPass?(probe: unknown, bestFmr: number, galleryFingers: number): boolean;
  /** False for a stored template in an older format that the engine still reads but would extract differently
   * today (re-extract it from its sample: `candor finger upgrade-templates`). Absent: every template is current. */
  isCurrent?(template: Uint8Array): boolean;
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

/**
 * A finger gallery for an engine with no prefilter of its own (a plugged-in matcher, the tests'
 * fakes): the shortlist compares every stored template. Fine for thousands of
 * fingers; a registry of millions needs the engine's own prefilter (the finger package's).
 */
export function scanningFingerGallery<T, P>(decode: (b: Uint8Array) => T, compare: (probe: P, candidate: T) => number): FingerGalleryPort {
  const templates: T[] = [];
  return {
    get size() { return templates.length; },
    add(bytes) { templates.push(decode(bytes)); return templates.length - 1; },
    shortlist(probe, count) {
      const scored = templates.map((t, slot): [number, number] => [slot, compare(probe as P, t)]);
      return scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, count).map(([slot]) => slot);
    },
    compare: (probe, slot) => compare(probe as P, templates[slot]),
  };
}
