// Every tuned number of the contactless pipeline, in one place. Values chosen by reasoning about
// finger anatomy and camera optics, then checked on synthetic photos and the contactless sample
// (see docs/contactless.md); none was fitted to the held-back data sets.

export const params = {
  decode: {
    maxPixels: 40_000_000, // a 40 MP phone photo is the largest we accept
    minSide: 64,
  },
  /** Work on a downscaled copy for finding the finger: its longer side in pixels. */
  analysisMaxSide: 512,
  channel: {
    // Ridge band for choosing the channel: periods from 4 to 40 analysis-pixels would include every
    // plausible capture distance, but we measure at the full-resolution crop instead (see channel.ts).
    dogSmall: 1.0,
    dogLarge: 4.0,
  },
  segment: {
    // Texture energy is a band-pass response averaged over this radius (analysis pixels).
    energySmoothSigma: 4,
    // A component must cover this fraction of the analysis image to be a finger.
    minAreaFraction: 0.01,
    // ... and this fraction of the largest component (fingers of one hand are of similar size).
    minOfLargest: 0.2,
    // Skin over this much of the frame means a fingertip crop, not a photo of a hand.
    cropAreaFraction: 0.6,
    // Fingers are elongated: at most this many tips in one photo (four-finger slap).
    maxFingers: 4,
  },
  phalanx: {
    // The first phalanx is about 1.1 to 1.4 finger widths long (anatomy); we keep 1.3 widths.
    lengthPerWidth: 1.3,
    // A fingertip candidate must extend at least this many widths before merging with a neighbour.
    minLengthPerWidth: 0.6,
  },
  ridge: {
    /** Mean ridge period of adult fingerprints at 500 ppi, pixels (about 0.46 mm). */
    periodAt500: 9.0,
    /** Periods outside this range in the photo cannot be measured reliably (pixels). */
    minPeriodPx: 3.2,
    maxPeriodPx: 40,
    blockSize: 32,
    /** Blocks whose orientation coherence is below this are ignored for period estimation. */
    minCoherence: 0.35,
    /** Mean block coherence below this is not a ridge pattern (noise, a wall, a face). */
    minFingerCoherence: 0.2,
  },
  scale: {
    /** Typical adult fingertip width, mm; used only when no ridge period is measurable. */
    fingerWidthMm: 17,
    /** Clamp the scale estimated from ridges to this ratio of the one from finger width. */
    maxDisagreement: 1.8,
  },
  clahe: {
    tiles: 8, // tiles per side of the output image
    clipLimit: 3.0, // histogram clip, multiples of the mean bin height
  },
  output: {
    /** Output fingertip size at 500 ppi (pixels): a contact scanner platen window. */
    maxWidth: 400,
    maxHeight: 500,
    /** Below this finger width (photo pixels) no print is attempted: ~25 ridges on 60 px. */
    minFingerWidthPx: 60,
    /** Background level outside the fingertip mask (white like an empty platen). */
    background: 255,
  },
  quality: {
    minSharpness: 0.04, // ridge amplitude / mean level; in-focus sample frames measure 0.055-0.075
    minBrightness: 50,
    maxBrightness: 225,
    maxClipped: 0.03,
    maxDark: 0.2,
    minPeriodPx: 4.0, // below this the camera barely resolves ridges (about 250 ppi effective)
    minFingerWidthPx: 120,
    maxMotion: 0.05, // fingertip displacement between frames, in finger widths
  },
} as const;
