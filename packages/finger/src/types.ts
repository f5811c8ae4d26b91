// Public data types of the fingerprint engine.

/** 8-bit grayscale image, row-major, `data.length === width * height`. Ridges dark, valleys light. */
export interface GrayImage { width: number; height: number; data: Uint8Array }

/**
 * One minutia in template coordinates (pixels at the template's dpi, origin top-left).
 * `angle` is in radians in [0, 2π), measured from +x towards +y (clockwise on screen), along the
 * ridge: an ending points into its own ridge, a bifurcation into its fork (away from its stem), so
 * the angle is unchanged when pressure turns one into the other.
 * `quality` is 0..100.
 */
export interface Minutia { x: number; y: number; angle: number; type: 'ending' | 'bifurcation'; quality: number }

/**
 * Coarse ridge orientation of the print, one code per `block`-pixel square in row-major order:
 * 0 = background, k in 1..levels = ridge direction (k - 1) · π / levels, in the minutiae's angle
 * convention. Used by the matcher to check that two aligned prints' ridge flows agree.
 */
export interface RidgeField { block: number; cols: number; rows: number; levels: number; codes: Uint8Array }

/** A fingerprint template: minutiae of one finger impression, normalised to `dpi` (500 after extraction).
 * `field` is absent in templates from ISO/IEC 19794-2 records and in version 1 templates. */
export interface FingerTemplate { version: number; width: number; height: number; dpi: number; minutiae: Minutia[]; field?: RidgeField }

/** Image quality 0..100 and the reasons it is low (machine-readable codes). */
export interface FingerQuality { score: number; reasons: string[]; measures: Record<string, number> }

export interface ExtractOptions {
  /** Resolution of the input image in pixels per inch; default 500. Images are resampled to 500. */
  dpi?: number;
}

export interface Extraction { template: FingerTemplate; quality: FingerQuality }

/** Maps a similarity score to its measured false-match rate and back. */
export interface ScoreCalibration { fmrAt(score: number): number; thresholdFor(fmr: number): number }
