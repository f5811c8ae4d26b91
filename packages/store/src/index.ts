// @candor/store: PostgreSQL schema, migrations and repositories over embedded PGlite or a real
// PostgreSQL server (DATABASE_URL), one code path. Biometric blobs are encrypted at rest; every
// accountable action is appended to a hash-chained audit log inside the caller's transaction.
export * from './types.ts';
export { openStore } from './open.ts';
export { startRetentionScheduler } from './retention.ts';
export type { RetentionScheduler } from './retention.ts';
export { bulkWriter } from './bulk-writer.ts';
export type { BulkWriter, SyntheticRecord } from './bulk-writer.ts';
