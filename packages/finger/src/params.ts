// Every tuned number of the fingerprint engine, in one place. Units are pixels at 500 ppi unless noted.
export const params = {
  /** Decoding limits: protects memory from hostile headers. */
  maxPixels: 16_000_000,
  maxSide: 8000,
  minSide: 64,
  /** Resolution every image is resampled to before extraction. */
  targetDpi: 500,

  /** Segmentation: block size and the variance (gray levels²) below which a block is background. */
  blockSize: 16,
  segmentVarianceFraction: 0.1,
  segmentMinVariance: 60,
  /** Orientation: gradient smoothing radius (blocks) for the doubled-angle field. */
  orientationSmoothBlocks: 1,

  /** Ridge frequency: accepted ridge period range (pixels) and the fallback period at 500 ppi. */
  minPeriod: 4,
  maxPeriod: 16,
  defaultPeriod: 9,
  /** Gabor enhancement: sigma across/along the ridge as a fraction of the period, kernel radius. */
  gaborSigmaX: 0.5,
  gaborSigmaY: 0.55,
  gaborRadius: 7,

  /** Minutiae clean-up distances. */
  borderMargin: 14,
  shortRidge: 10,
  clusterRadius: 8,
  bridgeLength: 12,
  maxMinutiae: 80,

  /** Quality: smallest useful area (pixels²) and minutiae count. */
  minUsefulArea: 160 * 160,
  minMinutiae: 12,
} as const;
