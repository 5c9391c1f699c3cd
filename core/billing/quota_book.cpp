#include "core/billing/quota_book.hpp"

#include <algorithm>
#include <mutex>

#include "core/billing/quota_store.hpp"

namespace tokenrouter::billing {

struct QuotaSlot {
  std::mutex mutex;
  QuotaRow row;    // limits, used (settled), period
  Amount reserved; // held by requests in flight
};

namespace {

std::string subject_key(std::string_view scope, std::string_view id)
{
  std::string key(scope);
  key += '\0';
  key += id;
  return key;
}

// A new period starts from zero (the store does the same when the period's first charge lands).
void roll_period(QuotaRow& row, int64_t start_ms)
{
  if (start_ms > row.period_start_ms) {
    row.used = {};
    row.period_start_ms = start_ms;
  }
}

Amount wanted(const Admission& a)
{
  const int64_t tokens = a.input_tokens + a.max_output_tokens;
  const int64_t money =
      a.prices ? max_cost_nanousd(a.input_tokens, a.max_output_tokens, *a.prices, a.multiplier_ppm) : 0;
  return {tokens, 1, money};
}

std::string fmt_amount(std::string_view unit, int64_t value)
{
  return unit == "usd" ? "$" + std::to_string(nanousd_to_usd(value)) : std::to_string(value);
}

Error exceeded(const QuotaSlot& slot, std::string_view unit, const Amount& want)
{
  const auto& r = slot.row;
  const auto pick = [&](const Amount& a) {
    return unit == "tokens" ? a.tokens : unit == "requests" ? a.requests : a.nanousd;
  };
  const int64_t limit = unit == "tokens"     ? r.limits.tokens.value_or(0)
                        : unit == "requests" ? r.limits.requests.value_or(0)
                                             : r.limits.nanousd.value_or(0);
  const std::string period = r.period == QuotaPeriod::total ? "total" : std::string(to_string(r.period)) + "ly";
  return {ErrorCode::budget_exceeded,
          "quota exceeded: the " + period + " " + std::string(unit) + " limit of " + r.scope + " "
              + r.subject_id + " (quota " + std::to_string(r.id) + ": used " + fmt_amount(unit, pick(r.used))
              + " + reserved " + fmt_amount(unit, pick(slot.reserved)) + " of " + fmt_amount(unit, limit)
              + "; this request may need " + fmt_amount(unit, pick(want)) + ")"};
}

} // namespace

void QuotaBook::load(std::vector<QuotaRow> rows)
{
  std::unique_lock lock(m_mutex);
  std::unordered_map<int64_t, std::shared_ptr<QuotaSlot>> by_id;
  std::unordered_map<std::string, std::vector<std::shared_ptr<QuotaSlot>>> by_subject;
  for (auto& row : rows) {
    auto it = m_by_id.find(row.id);
    auto slot = it != m_by_id.end() ? it->second : std::make_shared<QuotaSlot>();
    {
      std::lock_guard slot_lock(slot->mutex);
      auto& mine = slot->row;
      const bool adopt = it == m_by_id.end() || row.revision != mine.revision
                         || row.period_start_ms > mine.period_start_ms;
      if (!adopt) {
        row.used = mine.used;
        row.period_start_ms = mine.period_start_ms;
      }
      mine = row;
    }
    by_subject[subject_key(row.scope, row.subject_id)].push_back(slot);
    by_id.emplace(row.id, std::move(slot));
  }
  for (auto& [key, list] : by_subject) {
    // Locks are always taken in quota id order.
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a->row.id < b->row.id; });
  }
  m_by_id = std::move(by_id);
  m_by_subject = std::move(by_subject);
}

Status QuotaBook::load_from(store::Database& db)
{
  TKR_TRY_ASSIGN(auto rows, load_quotas(db));
  load(std::move(rows));
  return {};
}

std::vector<std::shared_ptr<QuotaSlot>> QuotaBook::slots_for(const Admission& admission) const
{
  std::vector<std::shared_ptr<QuotaSlot>> out;
  std::shared_lock lock(m_mutex);
  if (m_by_id.empty()) {
    return out;
  }
  const auto add = [&](std::string_view scope, const std::string& id) {
    if (id.empty()) {
      return;
    }
    if (auto it = m_by_subject.find(subject_key(scope, id)); it != m_by_subject.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
  };
  add("key", admission.key_id);
  add("user", admission.user_id);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->row.id < b->row.id; });
  return out;
}

Result<QuotaHold> QuotaBook::reserve(const Admission& admission)
{
  auto slots = slots_for(admission);
  if (slots.empty()) {
    return QuotaHold{};
  }
  std::vector<std::unique_lock<std::mutex>> locks;
  locks.reserve(slots.size());
  for (const auto& slot : slots) {
    locks.emplace_back(slot->mutex);
  }
  const Amount want = wanted(admission);
  for (const auto& slot : slots) {
    roll_period(slot->row, period_start(slot->row.period, admission.now_ms));
    Amount committed = slot->row.used;
    committed += slot->reserved;
    std::string_view unit;
    if (!fits(slot->row.limits, committed, want, &unit)) {
      return tl::unexpected(exceeded(*slot, unit, want));
    }
  }
  std::vector<HeldQuota> held;
  held.reserve(slots.size());
  for (const auto& slot : slots) {
    slot->reserved += want;
    held.push_back({slot, slot->row.id, slot->row.period, slot->row.cache_read_weight_ppm, want});
  }
  return QuotaHold(this, std::move(held));
}

void QuotaBook::settle(std::vector<HeldQuota>& held, const std::vector<QuotaCharge>& committed)
{
  for (auto& h : held) {
    std::lock_guard lock(h.slot->mutex);
    h.slot->reserved -= h.reserved;
    for (const auto& charge : committed) {
      if (charge.quota_id == h.quota_id) {
        roll_period(h.slot->row, charge.period_start_ms);
        h.slot->row.used += charge.amount;
      }
    }
  }
}

std::optional<QuotaView> QuotaBook::view(int64_t quota_id) const
{
  std::shared_ptr<QuotaSlot> slot;
  {
    std::shared_lock lock(m_mutex);
    auto it = m_by_id.find(quota_id);
    if (it == m_by_id.end()) {
      return std::nullopt;
    }
    slot = it->second;
  }
  std::lock_guard lock(slot->mutex);
  return QuotaView{slot->row, slot->reserved};
}

} // namespace tokenrouter::billing
