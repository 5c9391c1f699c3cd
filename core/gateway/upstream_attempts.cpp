// The retry loop (see upstream_attempts.hpp): deployments by allocator, credentials by pool,
// retries with jittered backoff, then fallbacks.
#include "core/gateway/upstream_attempts.hpp"

#include <algorithm>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/routing/backoff.hpp"

namespace tokenrouter::gateway {

namespace {

constexpr int k_max_rounds = 64; // credentials × retries on one deployment, a safety bound

enum class Verdict {
  done,      // 2xx, or an error elsewhere would not fix
  quota,     // 429/402: cool the credential, rotate
  auth,      // 401/403: rotate the credential
  retry,     // connect error, reset, 5xx: retry here, then elsewhere
  elsewhere, // timeout: do not wait again on the same deployment
};

Verdict verdict_of(const AttemptResult& r) {
  if (r.ok()) {
    return Verdict::done;
  }
  if (r.status == 429 || r.status == 402) {
    return Verdict::quota;
  }
  if (r.status == 401 || r.status == 403) {
    return Verdict::auth;
  }
  if (r.status >= 500 || (r.status == 0 && r.error.code == ErrorCode::upstream_failed)) {
    return Verdict::retry;
  }
  if (r.status == 0 && r.error.code == ErrorCode::upstream_timeout) {
    return Verdict::elsewhere;
  }
  return Verdict::done;
}

routing::Outcome outcome_of(Verdict verdict) {
  return verdict == Verdict::done    ? routing::Outcome::ok
         : verdict == Verdict::quota ? routing::Outcome::quota
                                     : routing::Outcome::error;
}

AttemptResult loop_error(Error error) {
  AttemptResult r;
  r.retry_after_s = error.retry_after_s;
  r.error = std::move(error);
  r.from_upstream = false;
  return r;
}

// A credential from acquire_command when the pool has none left (the guard decides).
std::optional<routing::CredentialLease> acquire_credential(routing::CredentialPool& pool,
                                                           routing::AcquisitionGuard* guard,
                                                           bool quota,
                                                           const std::vector<size_t>& tried) {
  if (guard == nullptr) {
    return std::nullopt;
  }
  auto got = guard->acquire({quota, pool.primary_usable()});
  if (!got) {
    return std::nullopt;
  }
  const size_t index = pool.add_acquired(got->secret, got->expires_ms);
  if (std::find(tried.begin(), tried.end(), index) != tried.end()) {
    return std::nullopt; // it already failed for this request
  }
  return routing::CredentialLease{index, got->secret, false};
}

struct DeploymentRun {
  RoutePlan& plan;
  routing::CredentialPool* pool = nullptr;
  routing::AcquisitionGuard* guard = nullptr;
  std::vector<size_t> tried; // credentials that failed for this request
  std::optional<AttemptResult> last;
  bool last_quota = false;
  int retries = 0;

  // The credential for the next attempt; nullopt when none is left.
  std::optional<routing::CredentialLease> next_credential() {
    if (auto lease = pool->pick(tried)) {
      return lease;
    }
    // Every credential is exhausted or expired (or failed on a quota error just now).
    return acquire_credential(*pool, guard, last_quota || !last, tried);
  }
};

Error no_credential(const std::string& provider, routing::CredentialPool& pool) {
  Error error{ErrorCode::rate_limited,
              "provider " + provider + ": every credential is cooling down"};
  error.retry_after_s = pool.soonest_retry_s();
  return error;
}

// Attempts on the deployment the exchange is targeted at: credential rotation and retries.
AttemptResult attempt_deployment(Exchange& x, RoutePlan& plan, const SendAttempt& send) {
  const auto& provider = *x.route.provider;
  DeploymentRun run{plan, plan.routing->pool(provider.name), plan.routing->guard(provider.name)};
  const bool pooled = run.pool != nullptr && (run.pool->has_credentials() || run.guard != nullptr);
  const auto& clock = plan.routing->clock();
  for (int round = 0; round < k_max_rounds; ++round) {
    std::optional<routing::CredentialLease> lease;
    if (pooled) {
      lease = run.next_credential();
      if (!lease) {
        return run.last ? *run.last : loop_error(no_credential(provider.name, *run.pool));
      }
      set_upstream_credential(x.upstream, provider.kind, lease->secret);
    }
    const int64_t started_ns = clock.steady_ns();
    AttemptResult result = send(x);
    ++plan.attempts;
    const Verdict verdict = verdict_of(result);
    if (lease) {
      run.pool->report(lease->index,
                       outcome_of(verdict),
                       (clock.steady_ns() - started_ns) / 1'000'000,
                       result.retry_after_s);
    }
    if (verdict == Verdict::done) {
      return result;
    }
    run.last = result;
    run.last_quota = verdict == Verdict::quota;
    if (verdict == Verdict::quota || verdict == Verdict::auth) {
      if (!lease) {
        return result; // nothing to rotate to
      }
      if (verdict == Verdict::quota && run.guard != nullptr) {
        run.guard->invalidate(lease->secret);
      }
      run.tried.push_back(lease->index);
      continue;
    }
    if (verdict == Verdict::retry && run.retries < plan.policy.retries) {
      const int64_t wait_ms = routing::jittered_backoff_ms(
          plan.policy.backoff_ms, run.retries, int64_t{plan.policy.backoff_ms} * 16);
      spdlog::info("request {}: upstream {} answered {}, retry {} in {} ms",
                   x.record.request_id,
                   provider.name,
                   result.status,
                   run.retries + 1,
                   wait_ms);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      ++run.retries;
      continue;
    }
    return result; // try elsewhere
  }
  return run.last.value_or(loop_error({ErrorCode::upstream_failed, "too many upstream attempts"}));
}

bool moves_on(const AttemptResult& result) {
  const Verdict verdict = verdict_of(result);
  return verdict != Verdict::done;
}

} // namespace

RoutePlan::~RoutePlan() {
  release(tokens);
}

void RoutePlan::release(int64_t actual_tokens) {
  if (m_held != nullptr) {
    m_held->free(request_id, actual_tokens);
    m_held = nullptr;
  }
}

AttemptResult run_attempts(Exchange& x, const SendAttempt& send) {
  RoutePlan* plan = x.plan.get();
  if (plan == nullptr || plan->routing == nullptr) {
    return send(x);
  }
  std::optional<AttemptResult> last;
  Error capacity{ErrorCode::no_route, "no deployment could be tried"};
  for (const auto& candidate : plan->candidates) {
    routing::Allocator* allocator = plan->routing->allocator(*candidate.model);
    std::vector<size_t> tried;
    while (allocator != nullptr && tried.size() < candidate.model->deployments.size()) {
      auto granted = allocator->alloc({plan->request_id, plan->tokens, tried});
      if (!granted) {
        capacity = granted.error();
        break;
      }
      plan->hold(allocator);
      tried.push_back(granted->deployment);
      if (auto targeted = plan->retarget(x, candidate, granted->deployment); !targeted) {
        plan->release(0);
        last = loop_error(targeted.error());
        continue;
      }
      AttemptResult result = attempt_deployment(x, *plan, send);
      allocator->report(granted->deployment, !moves_on(result));
      if (!moves_on(result)) {
        return result; // the reservation is released when the exchange settles
      }
      plan->release(0);
      spdlog::info("request {}: deployment {} failed ({}), trying the next",
                   x.record.request_id,
                   allocator->deployments()[granted->deployment].id,
                   result.status);
      last = std::move(result);
    }
  }
  return last ? *last : loop_error(capacity);
}

} // namespace tokenrouter::gateway
