-- 0001_initial: the whole first schema (design.md "Storage").
-- Conventions:
--   * STRICT tables; money is INTEGER nano-USD (1 USD = 1,000,000,000), never REAL.
--   * Times are INTEGER unix seconds, except the two event logs `requests.created_at` and
--     `quota_ledger.created_at`, which are unix milliseconds.
--   * Days are TEXT 'YYYY-MM-DD' (UTC).
--   * A NULL limit means unlimited.
--   * The hot write path (`requests`, `daily_usage`, `cache_stats`) has no foreign keys, so a
--     usage row can never be refused because an admin deleted its user or key meanwhile.

CREATE TABLE plans (
  name                 TEXT PRIMARY KEY,
  monthly_token_quota  INTEGER,                           -- NULL = unlimited
  rpm                  INTEGER,                           -- NULL = unlimited
  tpm                  INTEGER,                           -- NULL = unlimited
  price_multiplier_ppm INTEGER NOT NULL DEFAULT 1000000   -- 1.0 = 1000000
    CHECK (price_multiplier_ppm >= 0)
) STRICT;

INSERT INTO plans (name, monthly_token_quota, rpm, tpm, price_multiplier_ppm) VALUES
  ('free',       1000000,  20,  NULL, 1000000),
  ('pro',        50000000, 120, NULL, 800000),
  ('enterprise', NULL,     600, NULL, 1000000);

CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  email      TEXT UNIQUE,
  name       TEXT NOT NULL DEFAULT '',
  plan       TEXT NOT NULL DEFAULT 'free' REFERENCES plans (name) ON UPDATE CASCADE,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX users_plan ON users (plan);

CREATE TABLE api_keys (
  id             TEXT PRIMARY KEY,
  key_hash       BLOB NOT NULL UNIQUE,                 -- SHA-256 of the whole secret (32 bytes)
  prefix         TEXT NOT NULL,                        -- display prefix, e.g. 'tr-AbC1'
  name           TEXT NOT NULL DEFAULT '',
  user_id        TEXT REFERENCES users (id),           -- NULL = not attached to a user
  allowed_models TEXT,                                 -- JSON array of names/globs; NULL = all
  expires_at     INTEGER,                              -- NULL = never
  rpm            INTEGER,                              -- NULL = the plan's (or unlimited)
  tpm            INTEGER,
  revoked        INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  revoke_at      INTEGER,                              -- rotation grace: valid until then
  created_at     INTEGER NOT NULL,
  last_used_at   INTEGER,
  replaced_by    TEXT REFERENCES api_keys (id)         -- set by rotation
) STRICT;

CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE quotas (
  id                    INTEGER PRIMARY KEY,
  scope                 TEXT NOT NULL CHECK (scope IN ('key', 'user')),
  subject_id            TEXT NOT NULL,                 -- api_keys.id or users.id
  kind                  TEXT NOT NULL CHECK (kind IN ('tokens', 'requests', 'usd', 'hybrid')),
  period                TEXT NOT NULL CHECK (period IN ('day', 'month', 'total')),
  limit_tokens          INTEGER,                       -- NULL = unlimited
  limit_requests        INTEGER,
  limit_nanousd         INTEGER,
  used_tokens           INTEGER NOT NULL DEFAULT 0,
  used_requests         INTEGER NOT NULL DEFAULT 0,
  used_nanousd          INTEGER NOT NULL DEFAULT 0,
  reserved_tokens       INTEGER NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
  reserved_requests     INTEGER NOT NULL DEFAULT 0 CHECK (reserved_requests >= 0),
  reserved_nanousd      INTEGER NOT NULL DEFAULT 0 CHECK (reserved_nanousd >= 0),
  cache_read_weight_ppm INTEGER NOT NULL DEFAULT 1000000, -- how much a cache-read token counts
  period_start          INTEGER NOT NULL DEFAULT 0,    -- start of the current period
  updated_at            INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX quotas_subject ON quotas (scope, subject_id);

-- Audit log of every change to a quota. balance_after_* is the quota's used_* after the action
-- (reserved_* for 'reserve' / 'release').
CREATE TABLE quota_ledger (
  id                     INTEGER PRIMARY KEY,
  quota_id               INTEGER NOT NULL REFERENCES quotas (id) ON DELETE CASCADE,
  request_id             TEXT,
  action                 TEXT NOT NULL
    CHECK (action IN ('consume', 'refund', 'reserve', 'release', 'set', 'reset')),
  delta_tokens           INTEGER NOT NULL DEFAULT 0,
  delta_requests         INTEGER NOT NULL DEFAULT 0,
  delta_nanousd          INTEGER NOT NULL DEFAULT 0,
  balance_after_tokens   INTEGER NOT NULL DEFAULT 0,
  balance_after_requests INTEGER NOT NULL DEFAULT 0,
  balance_after_nanousd  INTEGER NOT NULL DEFAULT 0,
  actor                  TEXT NOT NULL DEFAULT 'system', -- 'system', 'cli', 'admin-api', …
  created_at             INTEGER NOT NULL               -- unix ms
) STRICT;

CREATE INDEX quota_ledger_quota_time ON quota_ledger (quota_id, created_at);
CREATE INDEX quota_ledger_request ON quota_ledger (request_id) WHERE request_id IS NOT NULL;

-- One row per request served (or refused after authentication).
CREATE TABLE requests (
  id                    INTEGER PRIMARY KEY,
  request_id            TEXT NOT NULL UNIQUE,          -- the x-request-id
  idempotency_key       TEXT,
  created_at            INTEGER NOT NULL,              -- unix ms
  user_id               TEXT,
  key_id                TEXT,
  model                 TEXT NOT NULL,                 -- as the client asked
  upstream_model        TEXT,
  provider              TEXT,
  dialect               TEXT,
  stream                INTEGER NOT NULL DEFAULT 0,
  status                INTEGER NOT NULL DEFAULT 0,    -- HTTP status returned to the client
  error_type            TEXT,
  input_tokens          INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens     INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens    INTEGER NOT NULL DEFAULT 0,
  cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens         INTEGER NOT NULL DEFAULT 0,
  reasoning_tokens      INTEGER NOT NULL DEFAULT 0,
  cost_nanousd          INTEGER NOT NULL DEFAULT 0,
  saved_nanousd         INTEGER NOT NULL DEFAULT 0,
  priced                INTEGER NOT NULL DEFAULT 0,    -- 1 = a price was known for the model
  latency_ms            INTEGER NOT NULL DEFAULT 0,
  ttfb_ms               INTEGER NOT NULL DEFAULT 0,
  overhead_us           INTEGER NOT NULL DEFAULT 0,
  prefix_hash           TEXT,
  full_hash             TEXT,
  dedup_hit             INTEGER NOT NULL DEFAULT 0,
  replayed              INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX requests_key_time ON requests (key_id, created_at);
CREATE INDEX requests_time ON requests (created_at);
CREATE INDEX requests_model_time ON requests (model, created_at);
CREATE INDEX requests_user_time ON requests (user_id, created_at);
-- Idempotency: the same key may use an Idempotency-Key once. (NULL key_ids are distinct in a
-- UNIQUE index, so unauthenticated "open" mode should record a fixed key_id such as 'local'.)
CREATE UNIQUE INDEX requests_idempotency ON requests (key_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Per-day aggregates maintained alongside `requests` (empty string = none, as PK parts).
CREATE TABLE daily_usage (
  day                TEXT NOT NULL,
  user_id            TEXT NOT NULL DEFAULT '',
  key_id             TEXT NOT NULL DEFAULT '',
  model              TEXT NOT NULL,
  provider           TEXT NOT NULL DEFAULT '',
  requests           INTEGER NOT NULL DEFAULT 0,
  input_tokens       INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens      INTEGER NOT NULL DEFAULT 0,
  cost_nanousd       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, key_id, model, provider)
) STRICT;

CREATE INDEX daily_usage_user_day ON daily_usage (user_id, day);

CREATE TABLE cache_stats (
  day           TEXT NOT NULL,
  model         TEXT NOT NULL,
  key_id        TEXT NOT NULL DEFAULT '',
  provider      TEXT NOT NULL DEFAULT '',
  hits          INTEGER NOT NULL DEFAULT 0,
  misses        INTEGER NOT NULL DEFAULT 0,
  cached_tokens INTEGER NOT NULL DEFAULT 0,
  saved_tokens  INTEGER NOT NULL DEFAULT 0,
  saved_nanousd INTEGER NOT NULL DEFAULT 0,
  dedup_hits    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, model, key_id, provider)
) STRICT;

-- Prices in nano-USD per million tokens (USD/M x 1e9). `provider` is the provider kind
-- ('openai', 'anthropic', 'deepseek', …). A request is priced with the row in force when it
-- ran: the greatest effective_from (unix s) <= its time.
CREATE TABLE model_pricing (
  model                           TEXT NOT NULL,
  provider                        TEXT NOT NULL,
  effective_from                  INTEGER NOT NULL DEFAULT 0,
  prompt_nanousd_per_mtok         INTEGER NOT NULL,
  completion_nanousd_per_mtok     INTEGER NOT NULL,
  cache_read_nanousd_per_mtok     INTEGER NOT NULL,
  cache_write_5m_nanousd_per_mtok INTEGER NOT NULL,
  cache_write_1h_nanousd_per_mtok INTEGER NOT NULL,
  PRIMARY KEY (model, provider, effective_from)
) STRICT;

-- List prices of protocols.md §8. OpenAI has no cache-write surcharge (write = input price)
-- except gpt-5.6-sol; DeepSeek likewise (write = cache-miss input price).
INSERT INTO model_pricing (model, provider, effective_from,
  prompt_nanousd_per_mtok, completion_nanousd_per_mtok, cache_read_nanousd_per_mtok,
  cache_write_5m_nanousd_per_mtok, cache_write_1h_nanousd_per_mtok) VALUES
  ('gpt-4o',       'openai', 0, 2500000000, 10000000000, 1250000000, 2500000000, 2500000000),
  ('gpt-4o-mini',  'openai', 0,  150000000,   600000000,   75000000,  150000000,  150000000),
  ('gpt-4.1',      'openai', 0, 2000000000,  8000000000,  500000000, 2000000000, 2000000000),
  ('gpt-4.1-mini', 'openai', 0,  400000000,  1600000000,  100000000,  400000000,  400000000),
  ('o3',           'openai', 0, 2000000000,  8000000000,  500000000, 2000000000, 2000000000),
  ('o4-mini',      'openai', 0, 1100000000,  4400000000,  275000000, 1100000000, 1100000000),
  ('gpt-5',        'openai', 0, 1250000000, 10000000000,  125000000, 1250000000, 1250000000),
  ('gpt-5.1',      'openai', 0, 1250000000, 10000000000,  125000000, 1250000000, 1250000000),
  ('gpt-5.6-sol',  'openai', 0, 4000000000, 20000000000,  400000000, 5000000000, 5000000000),

  ('claude-sonnet-4',            'anthropic', 0, 3000000000, 15000000000, 300000000, 3750000000, 6000000000),
  ('claude-sonnet-4-0',          'anthropic', 0, 3000000000, 15000000000, 300000000, 3750000000, 6000000000),
  ('claude-sonnet-4-20250514',   'anthropic', 0, 3000000000, 15000000000, 300000000, 3750000000, 6000000000),
  ('claude-sonnet-4-5',          'anthropic', 0, 3000000000, 15000000000, 300000000, 3750000000, 6000000000),
  ('claude-sonnet-4-5-20250929', 'anthropic', 0, 3000000000, 15000000000, 300000000, 3750000000, 6000000000),
  ('claude-sonnet-4-6',          'anthropic', 0, 3000000000, 15000000000, 300000000, 3750000000, 6000000000),
  ('claude-haiku-4-5',           'anthropic', 0, 1000000000,  5000000000, 100000000, 1250000000, 2000000000),
  ('claude-haiku-4-5-20251001',  'anthropic', 0, 1000000000,  5000000000, 100000000, 1250000000, 2000000000),
  ('claude-3-5-haiku',           'anthropic', 0,  800000000,  4000000000,  80000000, 1000000000, 1600000000),
  ('claude-3-5-haiku-latest',    'anthropic', 0,  800000000,  4000000000,  80000000, 1000000000, 1600000000),
  ('claude-3-5-haiku-20241022',  'anthropic', 0,  800000000,  4000000000,  80000000, 1000000000, 1600000000),
  ('claude-opus-4',              'anthropic', 0, 15000000000, 75000000000, 1500000000, 18750000000, 30000000000),
  ('claude-opus-4-0',            'anthropic', 0, 15000000000, 75000000000, 1500000000, 18750000000, 30000000000),
  ('claude-opus-4-20250514',     'anthropic', 0, 15000000000, 75000000000, 1500000000, 18750000000, 30000000000),
  ('claude-opus-4-1',            'anthropic', 0, 15000000000, 75000000000, 1500000000, 18750000000, 30000000000),
  ('claude-opus-4-1-20250805',   'anthropic', 0, 15000000000, 75000000000, 1500000000, 18750000000, 30000000000),
  ('claude-opus-4-5',            'anthropic', 0, 5000000000, 25000000000, 500000000, 6250000000, 10000000000),
  ('claude-opus-4-5-20251101',   'anthropic', 0, 5000000000, 25000000000, 500000000, 6250000000, 10000000000),
  ('claude-opus-4-6',            'anthropic', 0, 5000000000, 25000000000, 500000000, 6250000000, 10000000000),
  ('claude-opus-4-7',            'anthropic', 0, 5000000000, 25000000000, 500000000, 6250000000, 10000000000),
  ('claude-opus-4-8',            'anthropic', 0, 5000000000, 25000000000, 500000000, 6250000000, 10000000000),
  ('claude-opus-5',              'anthropic', 0, 5000000000, 25000000000, 500000000, 6250000000, 10000000000),
  ('claude-sonnet-5',            'anthropic', 0, 2000000000, 10000000000, 200000000, 2500000000, 4000000000),

  ('deepseek-chat',     'deepseek', 0, 280000000, 420000000, 28000000, 280000000, 280000000),
  ('deepseek-reasoner', 'deepseek', 0, 280000000, 420000000, 28000000, 280000000, 280000000);

-- Capacity reservations held by in-flight requests (design.md "routing").
CREATE TABLE allocations (
  request_id TEXT PRIMARY KEY,
  deployment TEXT NOT NULL,
  tokens     INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX allocations_deployment ON allocations (deployment, expires_at);

-- Stored responses of the Responses API (`previous_response_id`).
CREATE TABLE responses_store (
  id         TEXT PRIMARY KEY,
  key_id     TEXT,                                     -- who created it; only they may read it
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  body       TEXT NOT NULL
) STRICT;

CREATE INDEX responses_store_expiry ON responses_store (expires_at) WHERE expires_at IS NOT NULL;

-- Runtime switches changed by the CLI or the admin API (e.g. routing strategy).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
