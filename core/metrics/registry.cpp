// Series lookup: an open-addressing table of atomic pointers sized for twice the cardinality
// cap, so a probe is short and never runs out of room. Readers only load pointers (acquire);
// a missing series is created and published under the family's mutex (release).
#include "core/metrics/registry.hpp"

#include <algorithm>
#include <bit>

#include "core/metrics/exposition.hpp"

namespace tokenrouter::metrics {

namespace {

constexpr std::string_view k_overflow = "other";

bool same_labels(const Series& series, const std::string_view* labels, size_t count)
{
  const auto& own = series.labels();
  if (own.size() != count) {
    return false;
  }
  for (size_t i = 0; i < count; ++i) {
    if (own[i] != labels[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

uint64_t hash_labels(const std::string_view* labels, size_t count)
{
  uint64_t hash = 14695981039346656037ULL; // FNV-1a, with a separator between values
  for (size_t i = 0; i < count; ++i) {
    for (const char c : labels[i]) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    hash = (hash ^ 0xffU) * 1099511628211ULL;
  }
  return hash;
}

Series::Series(std::vector<std::string> labels, size_t cells)
    : m_labels(std::move(labels))
    , m_cells(std::make_unique<std::atomic<int64_t>[]>(cells))
{
  std::vector<std::string_view> views(m_labels.begin(), m_labels.end());
  m_hash = hash_labels(views.data(), views.size());
  for (size_t i = 0; i < cells; ++i) {
    m_cells[i].store(0, std::memory_order_relaxed);
  }
}

void Series::observe(const std::vector<int64_t>& buckets, int64_t value)
{
  size_t bucket = 0;
  while (bucket < buckets.size() && value > buckets[bucket]) {
    ++bucket;
  }
  m_cells[bucket].fetch_add(1, std::memory_order_relaxed);
  m_cells[buckets.size() + 1].fetch_add(value, std::memory_order_relaxed);
}

Family::Family(FamilySpec spec)
    : m_spec(std::move(spec))
    , m_cells(m_spec.kind == Kind::histogram ? m_spec.buckets.size() + 2 : 1)
{
  // A labelled family keeps its last series for "other": it needs room for one more.
  m_spec.max_series = std::max<size_t>(m_spec.max_series, m_spec.label_names.empty() ? 1 : 2);
  const size_t slots = std::bit_ceil(2 * (m_spec.max_series + 1));
  m_slots = std::make_unique<std::atomic<Series*>[]>(slots);
  m_slot_mask = slots - 1;
  for (size_t i = 0; i < slots; ++i) {
    m_slots[i].store(nullptr, std::memory_order_relaxed);
  }
}

Family::~Family() = default;

Series& Family::with(std::initializer_list<std::string_view> labels)
{
  return find_or_create(labels.begin(), labels.size());
}

Series& Family::with(const std::vector<std::string_view>& labels)
{
  return find_or_create(labels.data(), labels.size());
}

void Family::observe(int64_t value)
{
  with({}).observe(m_spec.buckets, value);
}

void Family::observe(std::initializer_list<std::string_view> labels, int64_t value)
{
  with(labels).observe(m_spec.buckets, value);
}

Family::Probe Family::probe(const std::string_view* labels, size_t count, uint64_t hash) const
{
  for (size_t i = hash & m_slot_mask;; i = (i + 1) & m_slot_mask) {
    Series* series = m_slots[i].load(std::memory_order_acquire);
    if (series == nullptr || (series->hash() == hash && same_labels(*series, labels, count))) {
      return {series, i};
    }
  }
}

Series& Family::find_or_create(const std::string_view* labels, size_t count)
{
  const uint64_t hash = hash_labels(labels, count);
  const Probe found = probe(labels, count, hash);
  return found.series != nullptr ? *found.series : create(labels, count, hash);
}

Series& Family::create(const std::string_view* labels, size_t count, uint64_t hash)
{
  std::lock_guard lock(m_create_mutex);
  // Another thread may have published it since the lock-free probe.
  Probe found = probe(labels, count, hash);
  if (found.series != nullptr) {
    return *found.series;
  }
  if (m_series.size() + 1 >= m_spec.max_series && count > 0) {
    // Full: the label set is counted under "other" in every label (itself one published
    // series, so the table stays bounded at max_series).
    const std::vector<std::string_view> other(count, k_overflow);
    found = probe(other.data(), count, hash_labels(other.data(), count));
    if (found.series != nullptr) {
      return *found.series;
    }
    return publish(std::vector<std::string>(other.begin(), other.end()), found.slot);
  }
  return publish(std::vector<std::string>(labels, labels + count), found.slot);
}

Series& Family::publish(std::vector<std::string> labels, size_t slot)
{
  m_series.push_back(std::make_unique<Series>(std::move(labels), m_cells));
  m_slots[slot].store(m_series.back().get(), std::memory_order_release);
  return *m_series.back();
}

std::vector<const Series*> Family::snapshot() const
{
  std::vector<const Series*> out;
  {
    std::lock_guard lock(m_create_mutex);
    out.reserve(m_series.size());
    for (const auto& series : m_series) {
      out.push_back(series.get());
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Series* a, const Series* b) { return a->labels() < b->labels(); });
  return out;
}

Family& Registry::add(FamilySpec spec)
{
  std::lock_guard lock(m_mutex);
  m_families.push_back(std::make_unique<Family>(std::move(spec)));
  return *m_families.back();
}

void Registry::add_collector(std::function<void()> collect)
{
  std::lock_guard lock(m_mutex);
  m_collectors.push_back(std::move(collect));
}

std::string Registry::render() const
{
  std::lock_guard lock(m_mutex); // one scrape at a time: collectors may share a connection
  for (const auto& collect : m_collectors) {
    collect();
  }
  std::string out;
  for (const auto& family : m_families) {
    render_family(*family, out);
  }
  return out;
}

} // namespace tokenrouter::metrics
