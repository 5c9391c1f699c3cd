#include "core/billing/idempotency.hpp"

#include <chrono>
#include <utility>

namespace tokenrouter::billing {

namespace {

constexpr size_t k_recent_max = 4096;

std::string slot_of(const std::string& key_id, const std::string& key)
{
  return key_id + '\n' + key;
}

} // namespace

IdempotencyClaim::IdempotencyClaim(Idempotency* owner, std::string slot)
    : m_owner(owner)
    , m_slot(std::move(slot))
{
}

IdempotencyClaim::IdempotencyClaim(IdempotencyClaim&& other) noexcept
    : m_owner(std::exchange(other.m_owner, nullptr))
    , m_slot(std::move(other.m_slot))
{
}

IdempotencyClaim& IdempotencyClaim::operator=(IdempotencyClaim&& other) noexcept
{
  if (this != &other) {
    if (m_owner != nullptr) {
      m_owner->finish(m_slot, std::nullopt);
    }
    m_owner = std::exchange(other.m_owner, nullptr);
    m_slot = std::move(other.m_slot);
  }
  return *this;
}

IdempotencyClaim::~IdempotencyClaim()
{
  if (m_owner != nullptr) {
    m_owner->finish(m_slot, std::nullopt);
  }
}

void IdempotencyClaim::complete(StoredAnswer answer)
{
  if (m_owner != nullptr) {
    std::exchange(m_owner, nullptr)->finish(m_slot, std::move(answer));
  }
}

Idempotency::Idempotency(store::Database db, const util::Clock& clock, int64_t wait_ms)
    : m_db(std::move(db))
    , m_clock(clock)
    , m_wait_ms(wait_ms)
{
}

Result<IdempotencyCheck> Idempotency::check(const std::string& key_id, const std::string& key)
{
  const std::string slot = slot_of(key_id, key);
  {
    std::unique_lock lock(m_mutex);
    // A repeat of a request still running waits for its answer rather than paying twice.
    m_done.wait_for(lock, std::chrono::milliseconds(m_wait_ms),
                    [&] { return m_in_flight.count(slot) == 0; });
    if (auto answer = recent(slot, m_clock.now_ms())) {
      return IdempotencyCheck{std::move(answer), {}};
    }
    m_in_flight[slot] = 1;
  }
  IdempotencyClaim claim(this, slot);
  TKR_TRY_ASSIGN(auto answer, stored(key_id, key, m_clock.now_ms()));
  if (answer) {
    return IdempotencyCheck{std::move(answer), {}}; // the claim's destructor frees the slot
  }
  return IdempotencyCheck{std::nullopt, std::move(claim)};
}

void Idempotency::finish(const std::string& slot, std::optional<StoredAnswer> answer)
{
  std::lock_guard lock(m_mutex);
  m_in_flight.erase(slot);
  if (answer) {
    if (m_recent.insert_or_assign(slot, Recent{std::move(*answer), m_clock.now_ms()}).second) {
      m_recent_order.push_back(slot);
    }
    while (m_recent_order.size() > k_recent_max) {
      m_recent.erase(m_recent_order.front());
      m_recent_order.pop_front();
    }
  }
  m_done.notify_all();
}

std::optional<StoredAnswer> Idempotency::recent(const std::string& slot, int64_t now_ms)
{
  auto it = m_recent.find(slot);
  if (it == m_recent.end() || now_ms - it->second.at_ms > k_window_ms) {
    return std::nullopt;
  }
  return it->second.answer;
}

Result<std::optional<StoredAnswer>> Idempotency::stored(const std::string& key_id,
                                                        const std::string& key, int64_t now_ms)
{
  std::lock_guard lock(m_db_mutex);
  TKR_TRY_ASSIGN(auto st, m_db.prepare(
      "SELECT status, body, request_id FROM idempotent_responses "
      "WHERE key_id = ?1 AND idempotency_key = ?2 AND created_at >= ?3"));
  st.bind_all(key_id, key, now_ms - k_window_ms);
  TKR_TRY_ASSIGN(bool found, st.step());
  if (!found) {
    return std::optional<StoredAnswer>{};
  }
  return std::optional<StoredAnswer>{
      StoredAnswer{static_cast<int>(st.column_int64(0)), st.column_text(1), st.column_text(2)}};
}

} // namespace tokenrouter::billing
