-- Candor store schema, version 1. Ids are UUIDs made by the application; encrypted columns
-- (bytea) hold key-id-prefixed AES-256-GCM blobs (see src/vault.ts), never plaintext.

CREATE TABLE data_keys (
  id          text PRIMARY KEY,
  wrapped     bytea NOT NULL,            -- the data key, encrypted with the master key
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);

CREATE TABLE users (
  id             uuid PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  password_hash  text NOT NULL,          -- argon2id
  roles          text[] NOT NULL DEFAULT '{}',
  totp_secret    bytea,                  -- encrypted
  totp_enabled   boolean NOT NULL DEFAULT false,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash  bytea NOT NULL UNIQUE,     -- SHA-256 of the bearer token
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id          uuid PRIMARY KEY,
  name        text NOT NULL,
  user_id     uuid REFERENCES users(id) ON DELETE CASCADE,
  token_hash  bytea NOT NULL UNIQUE,
  roles       text[] NOT NULL DEFAULT '{}',
  revoked     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registries (
  id             text PRIMARY KEY,
  kind           text NOT NULL,
  name           text NOT NULL,
  fields_schema  jsonb NOT NULL DEFAULT '{}',
  modalities     text[] NOT NULL,
  training       boolean NOT NULL DEFAULT false,
  target_fmr     double precision NOT NULL,
  match_policy   jsonb NOT NULL DEFAULT '{}',
  search_roles   text[] NOT NULL DEFAULT '{}',
  read_roles     text[] NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE records (
  id           uuid PRIMARY KEY,
  registry_id  text NOT NULL REFERENCES registries(id),
  fields       jsonb NOT NULL DEFAULT '{}',
  created_by   uuid REFERENCES users(id),
  request_id   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (registry_id, request_id)       -- idempotent enrolment
);
CREATE INDEX records_registry ON records (registry_id, id);

CREATE TABLE encounters (
  id          uuid PRIMARY KEY,
  record_id   uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  place       text,
  notes       text,
  created_by  uuid REFERENCES users(id)
);
CREATE INDEX encounters_record ON encounters (record_id);

CREATE TABLE alerts (
  id          uuid PRIMARY KEY,
  record_id   uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  reason      text NOT NULL,
  source      text NOT NULL,
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_record ON alerts (record_id);

CREATE TABLE samples (
  id          uuid PRIMARY KEY,
  record_id   uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  modality    text NOT NULL CHECK (modality IN ('face', 'finger')),
  position    smallint CHECK (position BETWEEN 1 AND 10),
  image       bytea NOT NULL,            -- encrypted
  mime        text,
  dpi         integer,
  quality     real,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX samples_record ON samples (record_id);

CREATE TABLE templates (
  id          uuid PRIMARY KEY,
  record_id   uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  sample_id   uuid NOT NULL REFERENCES samples(id) ON DELETE CASCADE,
  modality    text NOT NULL CHECK (modality IN ('face', 'finger')),
  position    smallint,
  model_id    text NOT NULL,
  data        bytea NOT NULL,            -- encrypted
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX templates_record ON templates (record_id);
CREATE INDEX templates_modality ON templates (modality, model_id, id);

CREATE TABLE purposes (
  id     text PRIMARY KEY,
  label  text NOT NULL
);

CREATE TABLE searches (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL DEFAULT 'search' CHECK (kind IN ('search', 'verify')),
  user_id          uuid REFERENCES users(id),
  actor            text NOT NULL,
  purpose          text NOT NULL,
  case_ref         text NOT NULL,
  reason           text,
  registry_ids     text[] NOT NULL,
  modalities       text[] NOT NULL DEFAULT '{}',
  training         boolean NOT NULL DEFAULT false,
  threshold        double precision,
  probe            bytea,                -- encrypted capture; NULLed by retention
  probe_deleted_at timestamptz,
  retain_until     timestamptz,
  audit_seq        bigint,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX searches_created ON searches (created_at);
CREATE INDEX searches_user ON searches (user_id, created_at);

CREATE TABLE search_candidates (
  search_id      uuid NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
  rank           integer NOT NULL,
  registry_id    text NOT NULL,
  record_id      uuid NOT NULL REFERENCES records(id),
  score          double precision NOT NULL,
  fmr            double precision NOT NULL,
  contributions  jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (search_id, rank)
);
CREATE INDEX search_candidates_record ON search_candidates (record_id);

CREATE TABLE reviews (
  id           uuid PRIMARY KEY,
  search_id    uuid NOT NULL,
  rank         integer NOT NULL,
  reviewer_id  uuid REFERENCES users(id),
  reviewer     text NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
  reason       text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (search_id, rank) REFERENCES search_candidates (search_id, rank) ON DELETE CASCADE
);
CREATE INDEX reviews_search ON reviews (search_id, rank);

CREATE TABLE duplicate_flags (
  id               uuid PRIMARY KEY,
  record_id        uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  other_record_id  uuid NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  score            double precision NOT NULL,
  fmr              double precision NOT NULL,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'same_person', 'different_person')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  resolved_by      text,
  resolved_at      timestamptz
);
CREATE INDEX duplicate_flags_status ON duplicate_flags (status, created_at);

-- Training searches are logged here and never in audit_log.
CREATE TABLE training_log (
  id         uuid PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  action     text NOT NULL,
  search_id  uuid,
  details    jsonb NOT NULL DEFAULT '{}'
);

-- Append-only, hash-chained. hash = SHA-256(canonical(seq, at, actor, action, subjects, details, prev_hash)).
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY,
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  subjects   jsonb NOT NULL DEFAULT '{}',
  details    jsonb NOT NULL DEFAULT '{}',
  prev_hash  text NOT NULL,
  hash       text NOT NULL
);

-- One row: the last seq and hash. Appends lock it FOR UPDATE, which serialises them on both back
-- ends, and it lets verify notice entries deleted from the end of the chain.
CREATE TABLE audit_head (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_seq   bigint NOT NULL,
  last_hash  text NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (true, 0, repeat('0', 64));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% rejected)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
