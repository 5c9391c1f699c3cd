// Capacity allocator: strategy choice among the deployments with room, one lock per model.
// `best` takes the deployment with the least remaining capacity that still fits (keeping big
// holes for big requests), `largest` the one with the most; requests of at least
// `large_request_tokens` always take `largest`. Equally good candidates share by weight
// (smooth weighted round-robin, deterministic).
#include "core/routing/allocator.hpp"

#include <algorithm>
#include <limits>

namespace tokenrouter::routing {

namespace {

constexpr int64_t k_window_ms = 60'000;
constexpr int64_t k_unlimited = std::numeric_limits<int64_t>::max();

} // namespace

std::string_view to_string(Strategy strategy) {
  return strategy == Strategy::largest ? "largest" : "best";
}

std::optional<Strategy> strategy_from_string(std::string_view text) {
  if (text == "best") {
    return Strategy::best;
  }
  if (text == "largest") {
    return Strategy::largest;
  }
  return std::nullopt;
}

Allocator::Allocator(std::string model,
                     std::vector<DeploymentCapacity> deployments,
                     const util::Clock& clock,
                     AllocatorOptions options,
                     AllocationJournal* journal)
    : m_model(std::move(model))
    , m_specs(std::move(deployments))
    , m_clock(clock)
    , m_options(options)
    , m_journal(journal)
    , m_strategy(options.strategy)
    , m_slots(m_specs.size()) {
  m_window_start_ms = clock.now_ms() / k_window_ms * k_window_ms;
}

void Allocator::roll_window(int64_t now_ms) {
  const int64_t start = now_ms / k_window_ms * k_window_ms;
  if (start == m_window_start_ms) {
    return;
  }
  m_window_start_ms = start;
  for (Slot& slot : m_slots) {
    slot.window_used = 0;
  }
}

int64_t Allocator::remaining(size_t index) const {
  const DeploymentCapacity& spec = m_specs[index];
  const Slot& slot = m_slots[index];
  int64_t left = k_unlimited;
  if (spec.capacity_tpm > 0) {
    left = std::min(left, spec.capacity_tpm - slot.window_used - slot.reserved);
  }
  if (spec.capacity_concurrent > 0) {
    left = std::min(left, spec.capacity_concurrent - slot.reserved);
  }
  return left;
}

bool Allocator::fits(size_t index, int64_t tokens) const {
  return remaining(index) >= tokens;
}

std::optional<size_t>
Allocator::choose(const AllocRequest& request, int64_t now_ms, bool allow_cooling) {
  const bool large =
      m_options.large_request_tokens > 0 && request.tokens >= m_options.large_request_tokens;
  const Strategy strategy = large ? Strategy::largest : m_strategy.load();
  std::vector<size_t> ties;
  int64_t best_left = 0;
  for (size_t i = 0; i < m_specs.size(); ++i) {
    const bool excluded =
        std::find(request.excluded.begin(), request.excluded.end(), i) != request.excluded.end();
    if (excluded || (!allow_cooling && m_slots[i].cooldown_until_ms > now_ms)) {
      continue;
    }
    if (!fits(i, request.tokens)) {
      ++m_slots[i].skipped_full;
      continue;
    }
    const int64_t left = remaining(i);
    const bool better =
        ties.empty() || (strategy == Strategy::best ? left < best_left : left > best_left);
    if (better) {
      ties.assign(1, i);
      best_left = left;
    } else if (left == best_left) {
      ties.push_back(i);
    }
  }
  if (ties.size() <= 1) {
    return ties.empty() ? std::nullopt : std::optional<size_t>(ties.front());
  }
  int64_t total = 0;
  size_t pick = ties.front();
  for (size_t i : ties) {
    m_slots[i].rr_current += m_specs[i].weight;
    total += m_specs[i].weight;
    if (m_slots[i].rr_current > m_slots[pick].rr_current) {
      pick = i;
    }
  }
  m_slots[pick].rr_current -= total;
  return pick;
}

int Allocator::retry_after_s(int64_t now_ms) const {
  const int64_t left_ms = m_window_start_ms + k_window_ms - now_ms;
  return static_cast<int>(std::max<int64_t>(1, (left_ms + 999) / 1000));
}

Result<Allocation> Allocator::alloc(const AllocRequest& request) {
  const int64_t now_ms = m_clock.now_ms();
  Allocation granted;
  int64_t expires_ms = 0;
  {
    std::lock_guard lock(m_mutex);
    roll_window(now_ms);
    sweep_expired(now_ms);
    if (auto it = m_held.find(std::string(request.request_id)); it != m_held.end()) {
      return Allocation{it->second.deployment, it->second.tokens, true};
    }
    auto chosen = choose(request, now_ms, false);
    if (!chosen) {
      chosen = choose(request, now_ms, true); // every deployment with room is cooling down
    }
    if (!chosen) {
      ++m_alloc_failures;
      Error error{ErrorCode::rate_limited,
                  "no deployment of model " + m_model + " has capacity for "
                      + std::to_string(request.tokens) + " tokens now"};
      error.retry_after_s = retry_after_s(now_ms);
      return tl::unexpected(std::move(error));
    }
    Slot& slot = m_slots[*chosen];
    slot.reserved += request.tokens;
    ++slot.in_flight;
    ++slot.allocations;
    expires_ms = now_ms + m_options.expiry_ms;
    m_held.emplace(std::string(request.request_id), Held{*chosen, request.tokens, expires_ms});
    m_next_expiry_ms = std::min(m_next_expiry_ms, expires_ms);
    granted = {*chosen, request.tokens, false};
  }
  if (m_journal != nullptr) {
    m_journal->reserved(
        request.request_id, m_specs[granted.deployment].id, granted.tokens, now_ms, expires_ms);
  }
  return granted;
}

void Allocator::release_locked(Held held, int64_t actual_tokens) {
  Slot& slot = m_slots[held.deployment];
  slot.reserved -= held.tokens;
  --slot.in_flight;
  slot.window_used += std::max<int64_t>(0, actual_tokens);
}

void Allocator::free(std::string_view request_id, int64_t actual_tokens) {
  {
    std::lock_guard lock(m_mutex);
    roll_window(m_clock.now_ms());
    auto it = m_held.find(std::string(request_id));
    if (it == m_held.end()) {
      return;
    }
    release_locked(it->second, actual_tokens);
    m_held.erase(it);
  }
  if (m_journal != nullptr) {
    m_journal->released(request_id);
  }
}

// Reservations nobody freed (a bug, or restored ones whose requests died with the previous
// process) end after expiry_ms, charged in full: the upstream may have served them.
void Allocator::sweep_expired(int64_t now_ms) {
  if (now_ms < m_next_expiry_ms) {
    return;
  }
  m_next_expiry_ms = INT64_MAX;
  std::vector<std::string> expired;
  for (auto it = m_held.begin(); it != m_held.end();) {
    if (it->second.expires_ms <= now_ms) {
      release_locked(it->second, it->second.tokens);
      expired.push_back(it->first);
      it = m_held.erase(it);
    } else {
      m_next_expiry_ms = std::min(m_next_expiry_ms, it->second.expires_ms);
      ++it;
    }
  }
  if (m_journal != nullptr) {
    for (const auto& id : expired) {
      m_journal->released(id); // under the lock: rare, and the journal only queues
    }
  }
}

void Allocator::report(size_t deployment, bool ok) {
  if (deployment >= m_slots.size()) {
    return;
  }
  std::lock_guard lock(m_mutex);
  Slot& slot = m_slots[deployment];
  if (ok) {
    slot.consecutive_failures = 0;
    return;
  }
  ++slot.failures;
  if (++slot.consecutive_failures >= m_options.cooldown_failures) {
    slot.consecutive_failures = 0;
    slot.cooldown_until_ms = m_clock.now_ms() + m_options.cooldown_ms;
  }
}

void Allocator::restore(std::string_view /*request_id*/,
                        std::string_view deployment,
                        int64_t tokens,
                        int64_t created_ms) {
  const auto spec = std::find_if(m_specs.begin(), m_specs.end(), [&](const DeploymentCapacity& d) {
    return d.id == deployment;
  });
  {
    std::lock_guard lock(m_mutex);
    const int64_t now_ms = m_clock.now_ms();
    roll_window(now_ms);
    // The request died with the previous process: nothing is in flight any more, but the
    // upstream may have counted its tokens, so they stay charged to the window they were in.
    if (spec != m_specs.end() && created_ms >= m_window_start_ms) {
      m_slots[static_cast<size_t>(spec - m_specs.begin())].window_used += tokens;
    }
  }
}

AllocatorState Allocator::state() const {
  std::lock_guard lock(m_mutex);
  AllocatorState out{
      m_model, m_strategy.load(), m_window_start_ms + k_window_ms, m_alloc_failures, {}};
  const int64_t now_ms = m_clock.now_ms();
  const bool stale_window = now_ms / k_window_ms * k_window_ms != m_window_start_ms;
  for (size_t i = 0; i < m_specs.size(); ++i) {
    const DeploymentCapacity& spec = m_specs[i];
    const Slot& slot = m_slots[i];
    out.deployments.push_back({spec.id,
                               spec.weight,
                               spec.capacity_tpm,
                               spec.capacity_concurrent,
                               slot.reserved,
                               stale_window ? 0 : slot.window_used,
                               slot.in_flight,
                               slot.allocations,
                               slot.skipped_full,
                               slot.failures,
                               slot.cooldown_until_ms > now_ms ? slot.cooldown_until_ms : 0});
  }
  return out;
}

} // namespace tokenrouter::routing
