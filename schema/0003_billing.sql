-- 0003_billing: quota revisions, idempotent responses, indexes for reports and retention.

-- Bumped by every admin `set` / `reset`, so the daemon's in-memory quota book knows to adopt
-- the stored balance instead of its own (core/billing/quota_book.cpp).
ALTER TABLE quotas ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- One key's quotas of one period at most: `quota set KEY --period day` updates rather than adds.
CREATE UNIQUE INDEX quotas_subject_period ON quotas (scope, subject_id, period);

-- The first successful answer to an Idempotency-Key (or client x-request-id), per key, kept
-- 24 h: a repeat is answered with it and charged nothing. Written by the ledger writer in the
-- same transaction as the request's usage row.
CREATE TABLE idempotent_responses (
  key_id          TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_id      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,                  -- unix ms
  status          INTEGER NOT NULL,
  body            TEXT NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
) STRICT;

CREATE INDEX idempotent_responses_time ON idempotent_responses (created_at);

-- `tokenrouter pricing list --missing`: models served without a price.
CREATE INDEX requests_unpriced ON requests (model, provider) WHERE priced = 0;

-- Retention deletes audit rows by age.
CREATE INDEX quota_ledger_time ON quota_ledger (created_at);
