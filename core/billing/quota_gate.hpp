#pragma once
// Admission control by quota, as the gateway sees it: reserve the most a request can cost before
// it is forwarded, then settle to what it actually cost — exactly once, on every path (success,
// upstream failure, client abort). A hold that is dropped unsettled releases its reservation.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/billing/cost.hpp"
#include "core/billing/quota.hpp"
#include "core/model/usage.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::billing {

// What a request may cost at most, for the quotas of its key and its user.
struct Admission {
  std::string key_id;
  std::string user_id;            // "" = no user quota applies
  int64_t input_tokens = 0;       // estimate (body bytes / 4)
  int64_t max_output_tokens = 0;  // the request's max_tokens, else the model's cap
  std::optional<Prices> prices;   // in force now; nullopt = unpriced (reserves no money)
  int64_t multiplier_ppm = k_ppm; // the plan's price multiplier
  int64_t now_ms = 0;
};

// A quota's live state, owned by the gate; a hold keeps it alive.
struct QuotaSlot;

struct HeldQuota {
  std::shared_ptr<QuotaSlot> slot;
  int64_t quota_id = 0;
  QuotaPeriod period = QuotaPeriod::total;
  int64_t cache_read_weight_ppm = 0;
  Amount reserved;
};

class QuotaGate;

// The reservations of one request. Move-only; settles once (finish), or releases on destruction.
class QuotaHold {
public:
  QuotaHold() = default;
  QuotaHold(QuotaGate* gate, std::vector<HeldQuota> held);
  QuotaHold(QuotaHold&& other) noexcept;
  QuotaHold& operator=(QuotaHold&& other) noexcept;
  QuotaHold(const QuotaHold&) = delete;
  QuotaHold& operator=(const QuotaHold&) = delete;
  ~QuotaHold();

  // What each held quota is charged for a request that used `usage` and cost `cost_nanousd`;
  // `counted`: the request counts against request limits. All-zero charges are left out.
  std::vector<QuotaCharge> charges(const model::Usage& usage, int64_t cost_nanousd, bool counted,
                                   int64_t now_ms) const;

  // Ends the hold: every reservation is released and the `committed` charges (those the ledger
  // durably wrote; none if the row could not be written) become used. Later calls do nothing.
  void finish(const std::vector<QuotaCharge>& committed);

  bool empty() const { return m_held.empty(); }

private:
  QuotaGate* m_gate = nullptr;
  std::vector<HeldQuota> m_held;
};

class QuotaGate {
public:
  virtual ~QuotaGate() = default;
  // Reserves `admission`'s maximum on every quota of its key and user, all or nothing;
  // budget_exceeded (429 insufficient_quota) naming the limit when one does not fit.
  [[nodiscard]] virtual Result<QuotaHold> reserve(const Admission& admission) = 0;

protected:
  friend class QuotaHold;
  virtual void settle(std::vector<HeldQuota>& held, const std::vector<QuotaCharge>& committed) = 0;
};

// A gate without quotas: admits everything and holds nothing (tests, tools).
QuotaGate& unlimited_quotas();

} // namespace tokenrouter::billing
