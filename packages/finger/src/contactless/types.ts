// Image and result types of the contactless (camera) finger pipeline.

/** 8-bit grey image, row-major; structurally the same as the contact engine's `GrayImage`. */
export interface GrayImage { width: number; height: number; data: Uint8Array }

/** 8-bit colour image, row-major, 3 bytes per pixel (R, G, B). */
export interface RgbImage { width: number; height: number; data: Uint8Array; channels: 3 }

/** Floating-point single-channel working image (values in any range). */
export interface FloatImage { width: number; height: number; data: Float32Array }

/** Binary mask, 1 = inside. */
export interface Mask { width: number; height: number; data: Uint8Array }

export type Hand = 'left' | 'right';

/** ANSI/NIST-ITL finger positions: 1..5 right thumb..little, 6..10 left thumb..little, 0 unknown. */
export type FingerPosition = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export type CaptureIssue =
  | 'NO_FINGER' // nothing finger-like was found
  | 'FINGER_TOO_SMALL' // the finger covers too few pixels for its ridges (move closer)
  | 'RIDGES_TOO_FINE' // ridge period below what the camera resolves (move closer or focus)
  | 'BLURRED' // little ridge contrast: out of focus or moving
  | 'UNDEREXPOSED' // fingertip too dark
  | 'OVEREXPOSED' // fingertip too bright
  | 'GLARE' // specular highlights hide ridges
  | 'FINGER_AT_EDGE' // fingertip touches the image border
  | 'MOTION'; // frames differ: hand or phone moved between frames

/** Capture quality for a camera finger photo: 0..100 and reasons a capture screen can show. */
export interface CaptureQuality {
  score: number;
  reasons: CaptureIssue[];
  measures: {
    sharpness: number; // ridge-band contrast relative to brightness, 0..1
    brightness: number; // mean fingertip level 0..255
    clipped: number; // fraction of fingertip pixels at saturation
    dark: number; // fraction of fingertip pixels near black
    ridgePeriodPx: number; // ridge period in the photo, pixels
    fingerWidthPx: number; // fingertip width in the photo, pixels
    coverage: number; // fraction of the photo covered by the fingertip
  };
}

/** One fingertip found in a photo, in photo coordinates. */
export interface Fingertip {
  position: FingerPosition;
  /** Tip point (photo pixels). */
  tip: { x: number; y: number };
  /** Unit vector from the base of the first phalanx towards the tip. */
  axis: { x: number; y: number };
  /** Width of the finger across its axis, photo pixels. */
  width: number;
  /** Length of the first phalanx kept, photo pixels. */
  length: number;
  /** The photo was already a fingertip crop (taken as upright, not unrolled). */
  crop?: boolean;
}
