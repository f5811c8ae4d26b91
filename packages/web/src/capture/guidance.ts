// Turns on-device measures (and a face box when a detector is available) into the guidance shown
// over the preview and a pass/fail used for automatic capture.
import { captureParams as P } from './params.ts';
import { brightness, centreRegion, motion, sharpness, type Luma, type Region } from './measures.ts';

export type GuidanceCode =
  | 'NO_FACE' | 'MOVE_CLOSER' | 'MOVE_BACK' | 'CENTRE_FACE' | 'FACE_CAMERA'
  | 'TOO_DARK' | 'TOO_BRIGHT' | 'BLURRED' | 'HOLD_STILL'
  | 'NO_FINGER' | 'GLARE' | 'FINGER_AT_EDGE' | 'CHECKING_FINGER';

export const guidanceText: Record<GuidanceCode, string> = {
  NO_FACE: 'No face found: point the camera at the face',
  MOVE_CLOSER: 'Move closer',
  MOVE_BACK: 'Move back a little',
  CENTRE_FACE: 'Centre the face in the frame',
  FACE_CAMERA: 'Ask the person to face the camera',
  TOO_DARK: 'Too dark: find more light or turn on the torch',
  TOO_BRIGHT: 'Too bright: move out of direct light',
  BLURRED: 'Blurred: hold the phone steady',
  HOLD_STILL: 'Hold still',
  NO_FINGER: 'No finger found: hold the fingers inside the outline',
  GLARE: 'Glare on the finger: tilt it slightly or turn off the torch',
  FINGER_AT_EDGE: 'Keep the fingertip away from the edge of the frame',
  CHECKING_FINGER: 'Checking the fingertip…',
};

/** A face found by an on-device detector, in analysis-frame pixels. */
export interface FaceBox extends Region { /** Rough frontalness 0..1 (1 = facing the camera), if the detector gives landmarks. */ frontal?: number }

export interface FrameAssessment {
  ok: boolean;
  codes: GuidanceCode[];
  /** 0..100 summary shown to the operator (and as training feedback). */
  score: number;
  measures: { brightness: number; sharpness: number; motion: number };
  box?: FaceBox;
}

/**
 * Assess one preview frame. `face` is undefined when no detector runs (measures only),
 * null when a detector ran and found no face.
 */
export function assessFrame(frame: Luma, previous: Luma | null, face?: FaceBox | null): FrameAssessment {
  const region: Region = face ? pixelRegion(face, frame) : centreRegion(frame, P.centreRegion);
  const m = {
    brightness: brightness(frame, region),
    sharpness: sharpness(frame, region),
    motion: previous ? motion(frame, previous) : 0,
  };
  const codes: GuidanceCode[] = [];
  if (face === null) codes.push('NO_FACE');
  if (face) {
    const fraction = face.width / frame.width;
    if (fraction < P.minFaceFraction) codes.push('MOVE_CLOSER');
    else if (fraction > P.maxFaceFraction) codes.push('MOVE_BACK');
    const dx = (face.x + face.width / 2) / frame.width - 0.5;
    const dy = (face.y + face.height / 2) / frame.height - 0.5;
    if (Math.hypot(dx, dy) > P.maxCentreOffset) codes.push('CENTRE_FACE');
    if (face.frontal !== undefined && face.frontal < 0.6) codes.push('FACE_CAMERA');
  }
  if (m.brightness < P.minBrightness) codes.push('TOO_DARK');
  else if (m.brightness > P.maxBrightness) codes.push('TOO_BRIGHT');
  if (m.motion > P.maxMotion) codes.push('HOLD_STILL');
  else if (m.sharpness < P.minSharpness) codes.push('BLURRED');
  return { ok: codes.length === 0, codes, score: qualityScore(m, codes), measures: m, box: face ?? undefined };
}

/** Detector boxes are fractional and may overhang the frame: whole pixels inside it, at least 1x1. */
export function pixelRegion(r: Region, frame: Luma): Region {
  const x = Math.min(frame.width - 1, Math.max(0, Math.floor(r.x)));
  const y = Math.min(frame.height - 1, Math.max(0, Math.floor(r.y)));
  const x2 = Math.min(frame.width, Math.max(x + 1, Math.ceil(r.x + r.width)));
  const y2 = Math.min(frame.height, Math.max(y + 1, Math.ceil(r.y + r.height)));
  return { x, y, width: x2 - x, height: y2 - y };
}

/** A rough 0..100 score: each measure's margin to its limit, minus a penalty per open issue. */
export function qualityScore(m: FrameAssessment['measures'], codes: GuidanceCode[]): number {
  const light = 1 - Math.min(1, Math.abs(m.brightness - 128) / 128);
  const focus = Math.min(1, m.sharpness / (P.minSharpness * 4));
  const steady = 1 - Math.min(1, m.motion / (P.maxMotion * 2));
  const base = 100 * (0.35 * light + 0.45 * focus + 0.2 * steady);
  return Math.max(0, Math.min(100, Math.round(base - 12 * codes.length)));
}

/** Counts consecutive passing frames; fires once when the streak reaches the auto-capture length. */
export class AutoCapture {
  private streak = 0;
  private fired = false;
  constructor(private readonly needed: number = P.passFramesForAutoCapture) {}
  update(ok: boolean): boolean {
    this.streak = ok ? this.streak + 1 : 0;
    if (!this.fired && this.streak >= this.needed) { this.fired = true; return true; }
    return false;
  }
  reset(): void { this.streak = 0; this.fired = false; }
}
