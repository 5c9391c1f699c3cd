-- 0005_plan_quotas: a plan's monthly_token_quota becomes each member's own monthly token quota.
-- Such rows are kept in step with the plan (origin 'plan'); a monthly user quota an admin sets
-- (origin 'admin') takes precedence and is never changed by a plan (core/billing/plan_quotas).
ALTER TABLE quotas ADD COLUMN origin TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('admin', 'plan'));

-- Users that joined a plan before this migration get their plan's quota now.
INSERT INTO quotas (scope, subject_id, kind, period, limit_tokens, cache_read_weight_ppm, origin)
SELECT 'user', u.id, 'tokens', 'month', p.monthly_token_quota, 100000, 'plan'
FROM users u JOIN plans p ON p.name = u.plan
WHERE p.monthly_token_quota IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM quotas q
                  WHERE q.scope = 'user' AND q.subject_id = u.id AND q.period = 'month');
