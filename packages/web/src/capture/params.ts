// Every tuned number of on-device capture guidance, in one place.
export const captureParams = {
  /** Frames are analysed at this width (pixels); enough for exposure and focus, cheap on a phone. */
  analysisWidth: 160,
  /** Frames given to the on-device face detector are this wide (its input is 320x240). */
  detectionWidth: 320,
  /** Mean luma (0..255) of the central region below which the scene is "too dark". */
  minBrightness: 60,
  /** Mean luma above which the scene is washed out ("too bright"). */
  maxBrightness: 215,
  /** Variance of the Laplacian of luma below which the frame is blurred. Measured on the test face video ~>150. */
  minSharpness: 40,
  /** Mean absolute luma difference between consecutive frames above which the camera is moving. */
  maxMotion: 6,
  /** Face box width as a fraction of frame width: smaller means "move closer", larger "move back". */
  minFaceFraction: 0.28,
  maxFaceFraction: 0.8,
  /** Face centre must be within this fraction of the frame size from the centre. */
  maxCentreOffset: 0.18,
  /** Consecutive passing frames before automatic capture (about 0.6 s at 5 analyses per second). */
  passFramesForAutoCapture: 3,
  /** Analyses per second of the live preview. */
  analysisRate: 5,
  /** Central region (fraction of width/height) measured when no face box is available. */
  centreRegion: 0.5,
  /** Finger frames checked on-device are this wide: ridges must stay resolvable. */
  fingerCheckWidth: 960,
  /** On-device finger checks per second (the contactless pipeline is heavier than the measures). */
  fingerCheckRate: 1,
  /** Contactless capture quality (0..100) needed for automatic finger capture. */
  minFingerScore: 40,
  /** JPEG quality of captured photos sent to the server. */
  jpegQuality: 0.92,
  /** Longest side of an uploaded face photo (pixels): the face engine needs no more. */
  maxFaceSide: 1280,
} as const;
