// Every tuned number of the fingerprint engine, in one place. Units are pixels at 500 ppi unless noted.
export const params = {
  /** Decoding limits: protects memory from hostile headers. */
  maxPixels: 16_000_000,
  maxSide: 8000,
  minSide: 64,
  /** Resolution every image is resampled to before extraction. */
  targetDpi: 500,

  /** Contrast normalisation (extract/contrast.ts): a print whose gray range between the contrastPercentile
   * and 1 − contrastPercentile quantiles is narrower than contrastTargetRange is stretched to it, by a gain of
   * at most contrastMaxGain (1 = off). The target is just below the narrowest range of the FVC2002 B images
   * the extractor was tuned on (99–253 levels; DB3's are 105–123), so those are read unchanged and only
   * fainter captures are lifted into the range the later stages' absolute floors were tuned for
   * (`eval finger-robustness`, contrast cut to 40%: mean EER 3.68 → 1.36%; docs/finger.md, session 18). */
  contrastPercentile: 0.01,
  contrastTargetRange: 96,
  contrastMaxGain: 3,

  /** Field grid: orientation, period and mask are sampled per block of this many pixels. */
  blockSize: 8,
  /** Orientation: half-width of the gradient window and passes of 3×3 doubled-angle smoothing. */
  orientationWindow: 12,
  orientationSmoothPasses: 2,
  /** Segmentation: half-width of the variance window; a block is foreground when its gray variance
   * exceeds max(min, fraction × 95th percentile) and its coherence exceeds the minimum. */
  segmentWindow: 10,
  segmentVarianceFraction: 0.08,
  segmentMinVariance: 40,
  segmentMinCoherence: 0.05,
  minForegroundArea: 64 * 64,

  /** Ridge frequency: accepted ridge period range (pixels) and the fallback period at 500 ppi. */
  minPeriod: 4,
  maxPeriod: 16,
  defaultPeriod: 9,
  /** Period signature: half-length across the ridges and half-width along them. */
  periodWindow: 16,
  periodAlong: 6,
  /** Gabor enhancement: sigma across/along the ridge as a fraction of the period, kernel radius,
   * orientation bins over π and period quantisation step. */
  gaborSigmaX: 0.45,
  gaborSigmaY: 0.55,
  gaborRadius: 7,
  gaborOrientations: 16,
  gaborPeriodStep: 0.5,
  /** Filter along then across the ridge (2·15 taps) instead of the full 15×15 kernel. */
  gaborSeparable: true,

  /** Binary clean-up: ridge and valley components smaller than this (pixels) are flipped. */
  minRidgeBlob: 25,
  minValleyBlob: 25,

  /** Skeleton tracing: how far a branch is followed, and at which step its direction is read. */
  traceLength: 20,
  directionLength: 10,
  /** Field direction replaces the traced one unless they differ by more than this (radians). */
  snapTolerance: 0.6,

  /** Minutiae clean-up distances. */
  borderMargin: 10,
  shortRidge: 4,
  spurLength: 4,
  bridgeLength: 4,
  clusterRadius: 8,
  brokenGap: 16,
  brokenCos: 0.7,
  maxMinutiae: 80,
  /** Minutia quality: ridge clarity (enhance.ts) at or above this counts as fully clear. */
  goodRidgeClarity: 0.7,
  minMinutiaQuality: 20,
  minTemplateMinutiae: 4,

  /** Matcher edges: neighbours per minutia, length limits, hash bins and verification tolerances. */
  edgeNeighbours: 10,
  minEdgeLength: 12,
  maxEdgeLength: 200,
  edgeLengthBin: 8,
  edgeAngleBins: 24,
  edgeLengthTolerance: 4,
  edgeLengthRelTolerance: 0.04,
  /** 0.3 and pairDistanceGrowth 0.035 since session 14 (were 0.25 and 0.03): with the ridge-flow factor holding
   * impostors down, looser geometric tolerances pair more of a distorted mate (docs/finger.md, session 14). */
  edgeAngleTolerance: 0.3,
  /** Matcher alignment: anchors tried, pairing tolerance (px, growing with distance from the anchor), angle tolerance.
   * 16 since session 15 (was 30): with the ridge-flow factor and the quality-weighted common area, 16–30 anchors give
   * the same EERs on all four FVC2002 B sets (d′ 5.38–5.41), and each anchor costs up to two pairing passes
   * (1:1 +28%; docs/finger.md, session 15). */
  roots: 16,
  /** An anchor needs this many supporting edge matches (one is usually chance). */
  minAnchorVotes: 3,
  /** When fewer than `fallbackBelow` anchors have that many votes, anchors with `fallbackAnchorVotes` are tried. */
  fallbackBelow: 3,
  fallbackAnchorVotes: 2,
  /** An anchor whose first pairing has this many pairs fewer than the best so far is not re-fitted. */
  refitMargin: 2,
  /** The least-squares re-fit may also scale the probe (a print read at a slightly wrong resolution, or
   * pressed flatter) when its first pairing has at least `refitScaleMinPairs` pairs, the scale kept within
   * [1 / (1 + limit), 1 + limit]; 0 = rigid. Fewer pairs fit a noisy scale that lifts impostors (session 19:
   * from 3 pairs DB3 extended FMR1000 4.64 → 6.07%; from 10, 4.64 → 3.93% and a resolution misdeclared by
   * 10% costs 16.5% extended FMR1000 instead of 24.3%; docs/finger.md). */
  refitScaleLimit: 0.1,
  refitScaleMinPairs: 10,
  pairDistance: 8,
  pairDistanceGrowth: 0.035,
  pairAngle: 0.35,
  /** Score normalisation: a minutia is in the common area within this reach of the other's minutiae. */
  overlapReach: 40,
  overlapMinCount: 12,
  /** An unpaired minutia in the common area counts fully from this quality up, quality / this below
   * (never under overlapMinWeight); paired minutiae always count fully (docs/finger.md, session 11). */
  overlapFullQuality: 60,
  overlapMinWeight: 0.3,

  /** Ridge field in the template: block size (px) and direction levels over π (4-bit codes, 0 = background). */
  ridgeFieldBlock: 24,
  ridgeFieldLevels: 15,
  /** Field blocks whose mean coherence is below this are stored as background (docs/finger.md, session 11). */
  ridgeFieldMinCoherence: 0.2,
  /** Score × max(0, field agreement)^power, the agreement being the mean cos 2Δ of the ridge directions of the two
   * aligned fields over their common blocks (docs/finger.md, "Ridge-flow agreement"). */
  fieldAgreementPower: 2,
  /** Fewer common blocks than this: the agreement is not measured (factor 1 × fieldlessFactor). */
  fieldMinBlocks: 8,
  /** Applied instead when either template has no field, so that its impostor scores stay within the calibration
   * measured with fields (measured: docs/finger.md). */
  fieldlessFactor: 0.65,

  /** 1:N prefilter: neighbours per minutia, edge length bin (px) and angle bins; fingers
   * shortlisted per probe finger. */
  prefilterNeighbours: 18,
  /** Neighbours of a probe's edges: the probe's edge count sets the cost of the posting scan, so fewer
   * search faster at some cost in hit rate (10: see finger.md "Identification and speed", runs B and C). */
  prefilterProbeNeighbours: 18,
  /** A probe edge within this share of a bin's width from a shape-bin boundary also queries the neighbouring
   * bin, one dimension at a time (prefilter.ts probeCodes; 0 = exact codes only; docs/finger.md, session 17). */
  prefilterProbeMargin: 0.1,
  prefilterLengthBin: 10,
  prefilterAngleBins: 16,
  /** Edge codes with more than this many times the mean postings are not scanned (stop words). */
  prefilterStopRatio: 3,
  /** Fingers compared by the full matcher per probe finger: stage two's best (finger.md "Identification
   * and speed", prefilter stage two; 300 since session 17, when a full comparison of a stored finger
   * became ~85 µs: 500k shard, mates kept 136 → 137 of 140 with the reserve below). */
  shortlist: 300,
  /** Stage one's best slots also given to the full matcher when stage one cut the gallery (finger-gallery.ts
   * shortlist; session 17: 500k shard, stage two's top 300 alone kept 134 of 140 mates, with stage one's
   * top 500 137). */
  prefilterStageOneReserve: 500,
  /** Stage two of the prefilter (revote.ts): slots kept by the rotation vote and re-ranked by a
   * (rotation, translation) vote of colliding edges; 0 turns stage two off. Candidate-side neighbours
   * per minutia (lists kept by the gallery; edges recomputed per candidate: the cost), rotation bins over 2π,
   * translation bin (px). 3,000 since session 12, when stage two became ~1.7× cheaper per candidate: same
   * search time as 2,000 before, more mates reach stage two (docs/finger.md, session 12).
   * Since session 14 the depth grows with the gallery: a lost mate's stage-one rank grows with the number
   * of fingers that can outvote it (the mates stage two would rescue at 500k ranked 7,700–10,700 there,
   * 1.5–2.1% of the gallery), so stage two re-ranks `prefilterRevoteShare` of the gallery, at least
   * `prefilterRevote` and at most `prefilterRevoteMax` slots (the cap bounds a search's time:
   * ~15 µs per slot here). 2% since session 17 (3% before): with the widened stage-one query and stage
   * one's reserve, a 500k shard keeps the same 137 of 140 mates at a depth of 10,000 as at 15,000 (135 at
   * 6,000), and stage two is a third cheaper. */
  prefilterRevote: 3000,
  prefilterRevoteShare: 0.02,
  prefilterRevoteMax: 20000,
  /** The deep pass (session 20): a search that found no candidate standing out from chance searches
   * again, deeper, when a probe finger is small. Small prints carry few edges, so the prefilter ranks
   * their mates less reliably (500k shard: the mate beyond stage one's first 3,000 for 5 of 30 probes
   * under 25 minutiae, against 3 of 110 larger ones, all of which stage two ranks first). The deep pass
   * re-ranks `deepRevoteShare` of the gallery in stage two (at most `deepRevoteMax`) and gives the full
   * matcher stage two's best `deepShortlist` plus everything the normal pass re-ranked (its stage-two
   * depth). It runs when a probe finger has fewer than `deepMaxMinutiae` minutiae and the best candidate's
   * estimated FMR times the number of stored fingers is at least `deepExpectedImpostors` (as many
   * impostors as that would be expected to score as high). docs/finger.md, "Session 20: a deep pass". */
  deepMaxMinutiae: 25,
  deepExpectedImpostors: 1,
  deepRevoteShare: 0.08,
  deepRevoteMax: 80000,
  deepShortlist: 1000,
  revoteNeighbours: 10,
  revoteRotationBins: 16,
  revoteTranslationBin: 16,

  /** Quality: smallest useful area (pixels²) and minutiae count. */
  minUsefulArea: 160 * 160,
  goodArea: 250 * 250,
  goodContrast: 40,
  minMinutiae: 12,
  goodMinutiae: 30,
} as const;
