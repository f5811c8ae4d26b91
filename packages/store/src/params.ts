// Tuned numbers and defaults of the store, in one place.
export const params = {
  /** Probe captures of unconfirmed searches are deleted after this many days. */
  retentionDays: 30,
  /** How often the server's retention scheduler runs. */
  retentionIntervalMs: 6 * 3600_000,
  /** Rows per transaction when re-encrypting during key rotation. */
  rotationBatchSize: 200,
  /** Templates per batch when loading in-memory indexes. */
  templateBatchSize: 1000,
  /** Audit entries read per query when verifying the chain. */
  auditVerifyBatch: 2000,
  /** How far (in seq) verify looks for the true position of an entry whose hash fails. */
  auditReorderWindow: 16,
  /** Session and API tokens: random bytes before base64url. */
  tokenBytes: 32,
  /** AES-256-GCM nonce length (NIST SP 800-38D recommends 96 bits). */
  gcmIvBytes: 12,
} as const;
