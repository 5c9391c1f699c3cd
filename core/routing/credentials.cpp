#include "core/routing/credentials.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/routing/backoff.hpp"

namespace tokenrouter::routing {

CredentialPool::CredentialPool(std::string provider,
                               std::vector<CredentialSpec> credentials,
                               const util::Clock& clock,
                               PoolOptions options)
    : m_provider(std::move(provider))
    , m_clock(clock)
    , m_options(options) {
  // Primaries first, each tier in config order.
  std::stable_partition(
      credentials.begin(), credentials.end(), [](const CredentialSpec& c) { return c.primary; });
  for (auto& spec : credentials) {
    m_entries.push_back(Entry{std::move(spec)});
  }
}

bool CredentialPool::usable(const Entry& e, int64_t now_ms) const {
  if (e.spec.secret.empty() || (e.spec.expires_ms > 0 && e.spec.expires_ms <= now_ms)) {
    return false;
  }
  if (e.cooldown_until_ms > now_ms) {
    return false;
  }
  if (e.unhealthy_until_ms == 0) {
    return true;
  }
  return e.unhealthy_until_ms <= now_ms && !e.probing; // one probe at a time
}

std::optional<CredentialLease> CredentialPool::pick(std::span<const size_t> tried) {
  const int64_t now_ms = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  const size_t n = m_entries.size();
  for (const bool tier : {true, false}) {
    // Rotate inside the tier so that equal peers share the load.
    const size_t start = m_rotation++;
    for (size_t k = 0; k < n; ++k) {
      const size_t i = (start + k) % n;
      Entry& e = m_entries[i];
      const bool skip = std::find(tried.begin(), tried.end(), i) != tried.end();
      if (e.spec.primary != tier || skip || !usable(e, now_ms)) {
        continue;
      }
      if (e.unhealthy_until_ms != 0) {
        e.probing = true;
        spdlog::info(
            "provider {}: probing credential {} after it was taken out", m_provider, e.spec.name);
      }
      return CredentialLease{i, e.spec.secret, e.spec.primary};
    }
  }
  // Health verdicts move traffic only while there is somewhere else to go: an unhealthy
  // credential is still better than none (quota cooldowns, in contrast, are hard).
  for (size_t i = 0; i < n; ++i) {
    const Entry& e = m_entries[i];
    const bool skip = std::find(tried.begin(), tried.end(), i) != tried.end();
    const bool expired = e.spec.expires_ms > 0 && e.spec.expires_ms <= now_ms;
    if (!skip && !e.spec.secret.empty() && !expired && e.cooldown_until_ms <= now_ms) {
      return CredentialLease{i, e.spec.secret, e.spec.primary};
    }
  }
  return std::nullopt;
}

bool CredentialPool::has_credentials() const {
  std::lock_guard lock(m_mutex);
  return std::any_of(
      m_entries.begin(), m_entries.end(), [](const Entry& e) { return !e.spec.secret.empty(); });
}

void CredentialPool::judge_health(Entry& e, int64_t now_ms) {
  const auto samples = static_cast<int>(e.window.size());
  if (samples < m_options.min_samples) {
    return;
  }
  int failed = 0;
  int64_t latency = 0;
  for (const auto& [bad, ms] : e.window) {
    failed += bad ? 1 : 0;
    latency += ms;
  }
  const bool errors = failed * 100 > m_options.error_percent * samples;
  const bool slow = latency / samples > m_options.latency_ms;
  if (errors || slow) {
    e.unhealthy_until_ms = now_ms + m_options.probe_ms;
    e.window.clear();
    spdlog::warn("provider {}: credential {} out of rotation for {} s ({})",
                 m_provider,
                 e.spec.name,
                 m_options.probe_ms / 1000,
                 errors ? "error rate" : "latency");
  }
}

void CredentialPool::report(size_t index, Outcome outcome, int64_t latency_ms, int retry_after_s) {
  const int64_t now_ms = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  if (index >= m_entries.size()) {
    return;
  }
  Entry& e = m_entries[index];
  ++e.requests;
  const bool was_probe = e.probing;
  e.probing = false;
  if (outcome == Outcome::quota) {
    ++e.quota_errors;
    const int64_t wait_ms = retry_after_s >= 0 ? int64_t{retry_after_s} * 1000
                                               : jittered_backoff_ms(m_options.cooldown_base_ms,
                                                                     e.quota_streak,
                                                                     m_options.cooldown_cap_ms);
    ++e.quota_streak;
    e.cooldown_until_ms = now_ms + wait_ms;
    spdlog::info("provider {}: credential {} hit its quota, cooling down {} ms",
                 m_provider,
                 e.spec.name,
                 wait_ms);
    return;
  }
  e.quota_streak = 0;
  if (was_probe) {
    // A probe decides alone: success brings the credential back with a clean score.
    e.unhealthy_until_ms = outcome == Outcome::ok ? 0 : now_ms + m_options.probe_ms;
    e.window.clear();
  }
  e.errors += outcome == Outcome::error ? 1 : 0;
  e.window.emplace_back(outcome == Outcome::error, latency_ms);
  while (static_cast<int>(e.window.size()) > m_options.health_window) {
    e.window.pop_front();
  }
  if (!was_probe && e.unhealthy_until_ms == 0) {
    judge_health(e, now_ms);
  }
}

bool CredentialPool::primary_usable() const {
  const int64_t now_ms = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  return std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& e) {
    return e.spec.primary && usable(e, now_ms);
  });
}

size_t CredentialPool::add_acquired(const std::string& secret, int64_t expires_ms) {
  std::lock_guard lock(m_mutex);
  for (size_t i = 0; i < m_entries.size(); ++i) {
    if (m_entries[i].spec.secret == secret) {
      m_entries[i].spec.expires_ms = expires_ms;
      return i;
    }
  }
  // Replace an expired acquired credential rather than growing forever.
  const int64_t now_ms = m_clock.now_ms();
  for (size_t i = 0; i < m_entries.size(); ++i) {
    auto& spec = m_entries[i].spec;
    if (spec.expires_ms > 0 && spec.expires_ms <= now_ms) {
      m_entries[i] = Entry{CredentialSpec{"acquired", secret, false, expires_ms}};
      return i;
    }
  }
  m_entries.push_back(Entry{CredentialSpec{"acquired", secret, false, expires_ms}});
  return m_entries.size() - 1;
}

int CredentialPool::soonest_retry_s() const {
  const int64_t now_ms = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  int64_t soonest = INT64_MAX;
  for (const Entry& e : m_entries) {
    if (e.cooldown_until_ms > now_ms) {
      soonest = std::min(soonest, e.cooldown_until_ms - now_ms);
    }
  }
  return soonest == INT64_MAX ? -1 : static_cast<int>((soonest + 999) / 1000);
}

std::string CredentialPool::status_of(const Entry& e, int64_t now_ms) const {
  if (e.spec.secret.empty()) {
    return "missing";
  }
  if (e.spec.expires_ms > 0 && e.spec.expires_ms <= now_ms) {
    return "expired";
  }
  if (e.cooldown_until_ms > now_ms) {
    return "cooling";
  }
  if (e.unhealthy_until_ms != 0) {
    return e.unhealthy_until_ms > now_ms ? "unhealthy" : "probing";
  }
  return "ready";
}

std::vector<CredentialState> CredentialPool::state() const {
  const int64_t now_ms = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  std::vector<CredentialState> out;
  for (const Entry& e : m_entries) {
    int failed = 0;
    int64_t latency = 0;
    for (const auto& [bad, ms] : e.window) {
      failed += bad ? 1 : 0;
      latency += ms;
    }
    const auto samples = static_cast<int64_t>(e.window.size());
    out.push_back({e.spec.name,
                   e.spec.primary,
                   !e.spec.secret.empty(),
                   status_of(e, now_ms),
                   e.cooldown_until_ms > now_ms ? e.cooldown_until_ms : 0,
                   samples == 0 ? 0 : static_cast<int>(failed * 100 / samples),
                   samples == 0 ? 0 : latency / samples,
                   e.requests,
                   e.quota_errors,
                   e.errors});
  }
  return out;
}

} // namespace tokenrouter::routing
