-- 0002_keys: lookups the key and user commands make (issue 4).
-- `tokenrouter keys show|revoke|rotate` accept a key's display prefix as well as its id.
CREATE INDEX api_keys_prefix ON api_keys (prefix);
-- A rotated key names its successor; finding the predecessor of a key stays an index lookup.
CREATE INDEX api_keys_replaced_by ON api_keys (replaced_by) WHERE replaced_by IS NOT NULL;
