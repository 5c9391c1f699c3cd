#pragma once
// Capacity allocation over one model's deployments. Before a request goes upstream it reserves
// its estimated tokens on one deployment; a deployment is never promised more than its
// tokens-per-minute window (`capacity_tpm`) or its concurrent-token capacity
// (`capacity_concurrent_tokens`). One mutex per model: alloc and free are a few map operations.
//
// Accounting, per deployment:
//   reserved     tokens of allocations in flight (alloc adds, free removes)
//   window_used  actual tokens of allocations freed in the current minute window
//   fits(t)      (tpm == 0 || window_used + reserved + t <= tpm)
//                && (concurrent == 0 || reserved + t <= concurrent)
// A reservation counts against the window it is freed in (the upstream charges it then); the
// window resets at each wall-clock minute of the injected clock.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::routing {

enum class Strategy { best, largest };

std::string_view to_string(Strategy strategy);
std::optional<Strategy> strategy_from_string(std::string_view text);

struct DeploymentCapacity {
  std::string id;           // stable name, e.g. "gpt-4o#0@openai-a" (stats, allocations table)
  int weight = 1;           // share among equally good candidates
  int64_t capacity_tpm = 0; // 0 = unlimited
  int64_t capacity_concurrent = 0; // 0 = unlimited
};

struct AllocatorOptions {
  Strategy strategy = Strategy::best;
  int64_t large_request_tokens = 32000; // at least this many → always `largest`; 0 = never
  int64_t expiry_ms = 900'000;          // a reservation older than this is dropped (leak guard)
  int cooldown_failures = 3;            // consecutive failures that cool a deployment down
  int64_t cooldown_ms = 30'000;
};

// Told about every reservation and release, to persist them (see allocation_store.hpp).
// Called outside the allocator's lock, in order for any one request id.
class AllocationJournal {
public:
  virtual ~AllocationJournal() = default;
  virtual void reserved(std::string_view request_id,
                        std::string_view deployment,
                        int64_t tokens,
                        int64_t at_ms,
                        int64_t expires_ms) = 0;
  virtual void released(std::string_view request_id) = 0;
};

struct Allocation {
  size_t deployment = 0; // index in the allocator's deployments
  int64_t tokens = 0;
  bool repeated = false; // the request id already held it (idempotent alloc)
};

struct AllocRequest {
  std::string_view request_id;
  int64_t tokens = 0;
  std::span<const size_t> excluded; // deployments already tried by this request
};

// A read-only snapshot of one deployment (stats, metrics).
struct DeploymentState {
  std::string id;
  int weight = 1;
  int64_t capacity_tpm = 0;
  int64_t capacity_concurrent = 0;
  int64_t reserved = 0;
  int64_t window_used = 0;
  int64_t in_flight = 0;         // allocations held
  int64_t allocations = 0;       // granted since start
  int64_t skipped_full = 0;      // considered but without room
  int64_t failures = 0;          // upstream failures reported
  int64_t cooldown_until_ms = 0; // 0 = not cooling down
};

struct AllocatorState {
  std::string model;
  Strategy strategy = Strategy::best;
  int64_t window_reset_ms = 0; // when the current minute window ends
  int64_t alloc_failures = 0;  // requests for which no deployment had room
  std::vector<DeploymentState> deployments;
};

class Allocator {
public:
  Allocator(std::string model,
            std::vector<DeploymentCapacity> deployments,
            const util::Clock& clock,
            AllocatorOptions options,
            AllocationJournal* journal = nullptr);

  // Picks a deployment with room for `tokens` by the strategy and reserves them atomically.
  // The same request id gets its first allocation back while it holds one. Nothing fits →
  // rate_limited with retry_after_s = seconds until the minute window resets.
  [[nodiscard]] Result<Allocation> alloc(const AllocRequest& request);

  // Releases the request's reservation; `actual_tokens` are charged to the current window.
  // Unknown (or already freed) ids are ignored, so free is safe to call twice.
  void free(std::string_view request_id, int64_t actual_tokens);

  // An upstream outcome of `deployment`: consecutive failures cool it down (it is then chosen
  // only when no other deployment has room).
  void report(size_t deployment, bool ok);

  // A reservation read back from the allocations table at start: its request died with the
  // previous process, so it is not held (no leaked reservation), but its tokens stay charged to
  // the current minute window when it was made in it (the upstream may have counted them, so
  // capacity is not oversold). Unknown deployment ids are ignored.
  void restore(std::string_view request_id,
               std::string_view deployment,
               int64_t tokens,
               int64_t created_ms);

  void set_strategy(Strategy strategy) { m_strategy.store(strategy); }

  Strategy strategy() const { return m_strategy.load(); }

  const std::string& model() const { return m_model; }

  const std::vector<DeploymentCapacity>& deployments() const { return m_specs; }

  AllocatorState state() const;

private:
  struct Slot {
    int64_t reserved = 0;
    int64_t window_used = 0;
    int64_t in_flight = 0;
    int64_t allocations = 0;
    int64_t skipped_full = 0;
    int64_t failures = 0;
    int consecutive_failures = 0;
    int64_t cooldown_until_ms = 0;
    int64_t rr_current = 0; // smooth weighted round-robin among ties
  };

  struct Held {
    size_t deployment = 0;
    int64_t tokens = 0;
    int64_t expires_ms = 0;
  };

  void roll_window(int64_t now_ms);
  void sweep_expired(int64_t now_ms);
  int64_t remaining(size_t index) const;
  bool fits(size_t index, int64_t tokens) const;
  std::optional<size_t> choose(const AllocRequest& request, int64_t now_ms, bool allow_cooling);
  void release_locked(Held held, int64_t actual_tokens);
  int retry_after_s(int64_t now_ms) const;

  std::string m_model;
  std::vector<DeploymentCapacity> m_specs;
  const util::Clock& m_clock;
  AllocatorOptions m_options;
  AllocationJournal* m_journal;
  std::atomic<Strategy> m_strategy;

  mutable std::mutex m_mutex;
  std::vector<Slot> m_slots;
  std::unordered_map<std::string, Held> m_held;
  int64_t m_window_start_ms = 0;
  int64_t m_next_expiry_ms = INT64_MAX;
  int64_t m_alloc_failures = 0;
};

} // namespace tokenrouter::routing
