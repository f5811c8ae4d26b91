// Tuned numbers of the server, in one place.
export const PARAMS = {
  port: 8080,
  sessionTtlMs: 8 * 60 * 60 * 1000,       // one shift; phones re-login each shift
  bodyLimitBytes: 20 * 1024 * 1024,       // docs/api.md: 20 MB
  defaultTopK: 10,
  maxTopK: 50,
  /** Default false-match rate a registry reports candidates above, unless its policy says otherwise. */
  defaultTargetFmr: 1e-4,
  /** Candidates shortlisted per modality before fusion; fused ranking needs more than topK from each. */
  shortlistPerModality: 100,
  /** Enrolment duplicate check reports existing records above this FMR. */
  // The face calibration cannot claim below 1e-4 (finite impostor set), so stricter targets would
  // never flag a face-only duplicate.
  duplicateFmr: 1e-4,
  /** Quality gates for enrolment (0..100, engine scales). Searches accept any decodable probe. */
  minFaceQualityEnrol: 40,
  minFingerQualityEnrol: 20,
  /** The smallest FMR we claim: calibrations are measured on finite impostor sets. */
  fmrFloor: 1e-9,
} as const;
