// Public types of @candor/store: what the server and CLI may rely on. Add, never break.

/** The two back ends (PGlite, pg) behind one small interface. */
export interface QueryResult<T> { rows: T[]; rowCount: number }
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs several ;-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction (BEGIN/COMMIT, ROLLBACK on throw). Nested calls join the outer one. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** True when this handle is inside a transaction. */
  readonly inTransaction: boolean;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://... uses a real PostgreSQL server; otherwise embedded PGlite. Default: env DATABASE_URL. */
  databaseUrl?: string;
  /** PGlite data folder and default key folder. Default: env CANDOR_DATA_DIR or ./data. */
  dataDir?: string;
  /**
   * Runs PGlite in memory (tests, demos), with a random master key that lives only in this process
   * unless masterKey/keyFile/CANDOR_KEY is given. With databaseUrl set it still means that throwaway
   * key: only for scratch databases opened once (tests).
   */
  memory?: boolean;
  /** Master key (32 bytes). Default: env CANDOR_KEY (base64) or the key file. */
  masterKey?: Uint8Array;
  /** Default: env CANDOR_KEY_FILE or <dataDir>/keys/master.key (created 0600 on first start). */
  keyFile?: string;
  /** Search purposes seeded when the purposes table is empty. */
  defaultPurposes?: Purpose[];
}

export type Role = 'operator' | 'supervisor' | 'auditor' | 'admin' | 'trainee' | 'cross_registry' | (string & {});

export interface User {
  id: string;
  username: string;
  roles: Role[];
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: Date;
}

export interface UsersRepo {
  /** Hashes the password with argon2id. Throws StoreError('CONFLICT') if the name is taken. */
  create(input: { username: string; password: string; roles: Role[] }): Promise<User>;
  get(id: string): Promise<User | null>;
  findByName(username: string): Promise<User | null>;
  list(): Promise<User[]>;
  /** The user when name and password are right and the user is not disabled; otherwise null. */
  checkPassword(username: string, password: string): Promise<User | null>;
  setPassword(id: string, password: string): Promise<void>;
  setRoles(id: string, roles: Role[]): Promise<void>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  /** Stores the TOTP secret encrypted; enabled=false while setup awaits confirmation; null clears it. */
  setTotp(id: string, secret: string | null, enabled: boolean): Promise<void>;
  /** Decrypted TOTP secret, or null. */
  getTotpSecret(id: string): Promise<string | null>;
  count(): Promise<number>;
}

export interface Session { id: string; userId: string; expiresAt: Date; createdAt: Date }
export interface SessionsRepo {
  /** Creates a session; the token is returned once, only its SHA-256 is stored. */
  create(userId: string, ttlMs: number): Promise<{ token: string; session: Session }>;
  /** The session and its (enabled) user when the token is known and not expired. */
  findValid(token: string, now?: Date): Promise<{ session: Session; user: User } | null>;
  delete(token: string): Promise<void>;
  deleteExpired(now?: Date): Promise<number>;
}

export interface ApiToken { id: string; name: string; userId: string | null; roles: Role[]; createdAt: Date; revoked: boolean }
export interface ApiTokensRepo {
  /** The token is returned once; only its SHA-256 is stored. */
  create(input: { name: string; roles: Role[]; userId?: string | null }): Promise<{ token: string; apiToken: ApiToken }>;
  findValid(token: string): Promise<ApiToken | null>;
  list(): Promise<ApiToken[]>;
  revoke(id: string): Promise<void>;
}

export type Modality = 'face' | 'finger';

export interface RegistryDefinition {
  id: string;
  kind: string;               // e.g. 'wanted', 'missing', 'watchlist', 'training'
  name: string;
  fieldsSchema: Record<string, unknown>; // JSON schema of a record's fields
  modalities: Modality[];
  training: boolean;
  /** Target false-match rate of the candidate threshold, e.g. 1e-4. */
  targetFmr: number;
  matchPolicy?: Record<string, unknown>;
  searchRoles: Role[];
  readRoles: Role[];
}
export interface Registry extends RegistryDefinition { createdAt: Date; updatedAt: Date }
export interface RegistriesRepo {
  upsert(def: RegistryDefinition): Promise<Registry>;
  get(id: string): Promise<Registry | null>;
  list(): Promise<Registry[]>;
}

export interface Alert { id: string; recordId: string; reason: string; source: string; expiresAt: Date | null; createdAt: Date }
export interface Encounter { id: string; recordId: string; at: Date; place: string | null; notes: string | null; createdBy: string | null }
/** How a finger sample was captured: its template is extracted by that pipeline (null: not recorded, before 0002). */
export type SampleCapture = 'contact' | 'contactless';
export interface SampleInfo {
  id: string; recordId: string; modality: Modality; position: number | null; quality: number | null;
  mime: string | null; dpi: number | null; capture: SampleCapture | null; createdAt: Date;
}
export interface RecordRow {
  id: string; registryId: string; fields: Record<string, unknown>; createdBy: string | null;
  requestId: string | null; createdAt: Date;
}
export interface RecordDetail extends RecordRow { alerts: Alert[]; encounters: Encounter[]; samples: SampleInfo[] }

export interface EnrolTemplate { modelId: string; data: Uint8Array }
export interface EnrolSample {
  modality: Modality;
  /** Finger position 1..10 (ISO/ANSI), null for face. */
  position?: number | null;
  image: Uint8Array;
  mime?: string | null;
  dpi?: number | null;
  quality?: number | null;
  /** Finger samples: which extraction pipeline made the template. */
  capture?: SampleCapture | null;
  templates: EnrolTemplate[];
}
export interface EnrolInput {
  registryId: string;
  /** Client idempotency key: a second enrolment with the same id returns the first record. */
  requestId?: string | null;
  fields: Record<string, unknown>;
  createdBy?: string | null;
  samples: EnrolSample[];
  /** Audit actor (username or token name); enrolment writes an audit entry in the same transaction. */
  actor?: string;
}
export interface StoredTemplate {
  id: string; recordId: string; registryId: string; sampleId: string; modality: Modality;
  position: number | null; modelId: string; data: Uint8Array;
}
export interface TemplateFilter { registryIds?: string[]; modality?: Modality; modelId?: string }
export interface RecordsRepo {
  /** Record + samples + templates (+ audit entry) in one transaction; idempotent by (registry, requestId). */
  enrol(input: EnrolInput): Promise<{ record: RecordRow; created: boolean; sampleIds: string[] }>;
  get(id: string): Promise<RecordDetail | null>;
  list(registryId: string, opts?: { limit?: number; afterId?: string }): Promise<RecordRow[]>;
  count(registryId?: string): Promise<number>;
  /** Decrypted sample image bytes. */
  getSampleImage(sampleId: string): Promise<{ info: SampleInfo; image: Uint8Array } | null>;
  /** Decrypted templates in batches ordered by id, for loading in-memory indexes. */
  iterateTemplates(filter?: TemplateFilter, batchSize?: number): AsyncIterable<StoredTemplate[]>;
  /** Replaces one template's data and model id (re-extraction after a format change), with an audit entry, in one
   * transaction; false when no such template. */
  replaceTemplate(input: { templateId: string; data: Uint8Array; modelId: string; actor: string; reason: string }): Promise<boolean>;
  addAlert(input: { recordId: string; reason: string; source: string; expiresAt?: Date | null; actor?: string }): Promise<Alert>;
  addEncounter(input: { recordId: string; at?: Date; place?: string | null; notes?: string | null; createdBy?: string | null }): Promise<Encounter>;
}

export interface CandidateContributions {
  face?: { score: number; fmr: number };
  fingers?: { position: number; score: number; fmr: number }[];
  [k: string]: unknown;
}
export interface NewCandidate {
  rank: number; registryId: string; recordId: string; score: number; fmr: number; contributions: CandidateContributions;
}
export interface NewSearch {
  kind?: 'search' | 'verify';
  userId: string | null;
  /** Name recorded in the audit log (username or API token name). */
  actor: string;
  purpose: string;
  caseRef: string;
  reason?: string | null;
  registryIds: string[];
  modalities: Modality[];
  training?: boolean;
  threshold?: number | null;
  /** The probe capture (e.g. JSON of the submitted images); stored encrypted until retention. */
  probe?: Uint8Array | null;
  retainUntil?: Date | null;
  candidates: NewCandidate[];
  /** Extra non-biometric details for the audit entry. */
  details?: Record<string, unknown>;
}
export interface Review {
  id: string; searchId: string; rank: number; reviewerId: string | null; reviewer: string;
  decision: 'confirmed' | 'rejected'; reason: string; at: Date;
}
export interface SearchCandidate extends NewCandidate { searchId: string }
export interface SearchRecord {
  id: string; kind: 'search' | 'verify'; userId: string | null; actor: string; purpose: string; caseRef: string;
  reason: string | null; registryIds: string[]; modalities: Modality[]; training: boolean; threshold: number | null;
  hasProbe: boolean; retainUntil: Date | null; probeDeletedAt: Date | null; createdAt: Date;
  /** Audit sequence number of the entry written with the search (null for training searches). */
  auditSeq: number | null;
}
export interface SearchDetail extends SearchRecord { candidates: SearchCandidate[]; reviews: Review[] }
export interface SearchesRepo {
  /**
   * Writes the search, its candidates and its audit entry (training searches: a training_log entry
   * instead) in ONE transaction. If the audit write fails nothing is stored and this throws:
   * the caller must not return results then.
   */
  create(input: NewSearch): Promise<SearchRecord>;
  get(id: string): Promise<SearchDetail | null>;
  list(opts?: { userId?: string; limit?: number; before?: Date; training?: boolean }): Promise<SearchRecord[]>;
  /** Decrypted probe capture, or null when never stored or deleted by retention. */
  getProbe(id: string): Promise<Uint8Array | null>;
}
export interface ReviewsRepo {
  /** Records a review and its audit entry in one transaction. Throws NOT_FOUND if no such candidate. */
  add(input: { searchId: string; rank: number; reviewerId: string | null; reviewer: string; decision: 'confirmed' | 'rejected'; reason: string }): Promise<Review>;
  list(searchId: string): Promise<Review[]>;
}

export interface SubjectReportEntry {
  searchId: string; at: Date; userId: string | null; actor: string; purpose: string; caseRef: string; reason: string | null;
  rank: number; score: number; fmr: number; kind: 'search' | 'verify';
  reviews: { decision: 'confirmed' | 'rejected'; reviewer: string; at: Date }[];
}

export interface DuplicateFlag {
  id: string; recordId: string; otherRecordId: string; score: number; fmr: number;
  status: 'open' | 'same_person' | 'different_person'; createdAt: Date; resolvedBy: string | null; resolvedAt: Date | null;
}
export interface DuplicatesRepo {
  flag(input: { recordId: string; otherRecordId: string; score: number; fmr: number }): Promise<DuplicateFlag>;
  list(opts?: { status?: DuplicateFlag['status']; limit?: number }): Promise<DuplicateFlag[]>;
  resolve(id: string, input: { status: 'same_person' | 'different_person'; resolvedBy: string }): Promise<DuplicateFlag>;
}

export interface TrainingLogEntry { id: string; at: Date; actor: string; action: string; searchId: string | null; details: Record<string, unknown> }
export interface TrainingLogRepo {
  append(input: { actor: string; action: string; searchId?: string | null; details?: Record<string, unknown> }): Promise<TrainingLogEntry>;
  list(opts?: { limit?: number; actor?: string }): Promise<TrainingLogEntry[]>;
}

export interface Purpose { id: string; label: string }
export interface PurposesRepo {
  list(): Promise<Purpose[]>;
  upsert(p: Purpose): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface AuditEntry {
  seq: number; at: Date; actor: string; action: string;
  /** Ids of what the action touched, e.g. {searchId, recordIds:[...]}. Never biometric data. */
  subjects: Record<string, unknown>;
  details: Record<string, unknown>;
  prevHash: string; hash: string;
}
export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  firstBadSeq?: number;
  /** Plain words, e.g. "entry 17 was edited", "entry 18 missing". */
  problem?: string;
  problems?: string[];
  headHash?: string;
}
export interface AuditRepo {
  /**
   * Appends one entry, serialised on the chain head, inside the current transaction (or its own one).
   * A failure throws and so rolls back the caller's transaction.
   */
  append(input: { actor: string; action: string; subjects?: Record<string, unknown>; details?: Record<string, unknown>; at?: Date }): Promise<AuditEntry>;
  /** Oldest first from afterSeq; or newest first (newestFirst) below beforeSeq, for paging back. */
  list(opts?: { afterSeq?: number; beforeSeq?: number; newestFirst?: boolean; limit?: number; actor?: string; action?: string; since?: Date; until?: Date }): Promise<AuditEntry[]>;
  verify(): Promise<AuditVerifyResult>;
}

export interface RetentionOptions { days?: number; actor?: string }
export interface RetentionResult {
  deletedProbes: number; searchIds: string[]; cutoff: Date; days: number; auditSeq: number | null;
  /** Expired login sessions removed in the same run (housekeeping, not audited). */
  expiredSessions: number;
}

/** All repositories, bound either to the pool or to one transaction. */
export interface Repos {
  readonly db: Db;
  users: UsersRepo;
  sessions: SessionsRepo;
  apiTokens: ApiTokensRepo;
  registries: RegistriesRepo;
  records: RecordsRepo;
  searches: SearchesRepo;
  reviews: ReviewsRepo;
  duplicates: DuplicatesRepo;
  trainingLog: TrainingLogRepo;
  purposes: PurposesRepo;
  audit: AuditRepo;
  /** Every search that returned the record: by whom, when, purpose, case. */
  subjectReport(recordId: string): Promise<SubjectReportEntry[]>;
}

export interface Store extends Repos {
  /** Runs fn with repositories bound to one transaction: all of it commits or none. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  verifyAudit(): Promise<AuditVerifyResult>;
  runRetention(now?: Date, opts?: RetentionOptions): Promise<RetentionResult>;
  /** Adds a new data key and re-encrypts every blob with it in batched transactions. */
  rotateKeys(opts?: { batchSize?: number; actor?: string }): Promise<RotationResult>;
  /**
   * Wraps the data keys with a new random master key. Key file: the new key is written to
   * `<file>.next`, the database rewrapped, then the file renamed over the old one (a crash in between
   * is completed at the next open). Key from CANDOR_KEY: the new key is written to `out` and the
   * operator must put it in CANDOR_KEY before the next start.
   */
  rotateMasterKey(opts?: { out?: string; actor?: string }): Promise<{ keyFile: string | null; dataKeys: number }>;
  readonly dataDir: string;
  close(): Promise<void>;
}
export interface RotationResult { newKeyId: string; retiredKeyIds: string[]; reencrypted: Record<string, number> }

export type StoreErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'CRYPTO' | 'AUDIT_FAILED' | 'CONFIG';
export class StoreError extends Error {
  constructor(public readonly code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
