#pragma once
// The quota gate of one daemon: every quota's balance in memory, checked and reserved under the
// quota's own mutex (several quotas locked in id order, so two requests never deadlock and never
// both take the last unit). The store is the durable truth: balances are loaded from `quotas`,
// charges reach it through the ledger writer (same transaction as the usage row), and
// reservations live only here — they belong to requests in flight, which die with the process,
// so a restart starts with none and nothing can leak.

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/billing/quota_gate.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::billing {

// A quota's balance as the book holds it right now.
struct QuotaView {
  QuotaRow row;
  Amount reserved;
};

class QuotaBook final : public QuotaGate {
public:
  // Replaces the quota definitions. A quota already known keeps its in-memory balance (which
  // may be ahead of the store in "async" durability) unless an admin set or reset it since
  // (its revision changed) or the store is in a newer period.
  void load(std::vector<QuotaRow> rows);
  [[nodiscard]] Status load_from(store::Database& db);

  [[nodiscard]] Result<QuotaHold> reserve(const Admission& admission) override;

  std::optional<QuotaView> view(int64_t quota_id) const;

protected:
  void settle(std::vector<HeldQuota>& held, const std::vector<QuotaCharge>& committed) override;

private:
  std::vector<std::shared_ptr<QuotaSlot>> slots_for(const Admission& admission) const;

  mutable std::shared_mutex m_mutex; // guards the maps, not the balances
  std::unordered_map<int64_t, std::shared_ptr<QuotaSlot>> m_by_id;
  std::unordered_map<std::string, std::vector<std::shared_ptr<QuotaSlot>>> m_by_subject;
};

} // namespace tokenrouter::billing
