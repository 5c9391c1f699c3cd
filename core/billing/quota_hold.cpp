#include "core/billing/quota_gate.hpp"

#include <utility>

namespace tokenrouter::billing {

namespace {

class Unlimited final : public QuotaGate {
public:
  Result<QuotaHold> reserve(const Admission&) override { return QuotaHold{}; }

protected:
  void settle(std::vector<HeldQuota>&, const std::vector<QuotaCharge>&) override {}
};

} // namespace

QuotaGate& unlimited_quotas()
{
  static Unlimited k_unlimited;
  return k_unlimited;
}

QuotaHold::QuotaHold(QuotaGate* gate, std::vector<HeldQuota> held)
    : m_gate(gate)
    , m_held(std::move(held))
{
}

QuotaHold::QuotaHold(QuotaHold&& other) noexcept
    : m_gate(std::exchange(other.m_gate, nullptr))
    , m_held(std::move(other.m_held))
{
  other.m_held.clear();
}

QuotaHold& QuotaHold::operator=(QuotaHold&& other) noexcept
{
  if (this != &other) {
    finish({});
    m_gate = std::exchange(other.m_gate, nullptr);
    m_held = std::move(other.m_held);
    other.m_held.clear();
  }
  return *this;
}

QuotaHold::~QuotaHold()
{
  finish({});
}

std::vector<QuotaCharge> QuotaHold::charges(const model::Usage& usage, int64_t cost_nanousd,
                                            bool counted, int64_t now_ms) const
{
  std::vector<QuotaCharge> out;
  for (const auto& held : m_held) {
    const Amount amount{weighted_tokens(usage, held.cache_read_weight_ppm), counted ? 1 : 0,
                        cost_nanousd};
    if (amount == Amount{}) {
      continue;
    }
    out.push_back({held.quota_id, period_start(held.period, now_ms), amount});
  }
  return out;
}

void QuotaHold::finish(const std::vector<QuotaCharge>& committed)
{
  if (m_gate == nullptr) {
    return;
  }
  QuotaGate* gate = std::exchange(m_gate, nullptr);
  if (!m_held.empty()) {
    gate->settle(m_held, committed);
    m_held.clear();
  }
}

} // namespace tokenrouter::billing
