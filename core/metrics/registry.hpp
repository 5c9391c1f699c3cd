#pragma once
// A small Prometheus registry: counters, gauges and cumulative histograms, each a family of
// series keyed by label values. Recording is lock-free (relaxed atomics on integers; a series
// is found by a lock-free probe and created once, under the family's mutex, on first use).
// Values are integers in a family's own unit (nano-USD, microseconds …) and divided by the
// family's `divisor` only when rendered, so the hot path never touches floating point.
//
// Cardinality is bounded per family: past `max_series` label sets, new ones share one series
// whose labels are all "other". Callers pass only bounded values (config-known names, status
// codes, error types) — the cap is a guard, not the policy.

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::metrics {

enum class Kind { counter, gauge, histogram };

struct FamilySpec {
  std::string name;
  std::string help;
  Kind kind = Kind::counter;
  std::vector<std::string> label_names;
  std::vector<int64_t> buckets; // histogram: ascending upper bounds, in the family's unit
  double divisor = 1.0;         // rendered value = stored integer / divisor (1e6: µs → s)
  size_t max_series = 200;
};

// One label set's value: a counter or gauge (one cell) or a histogram (one cell per bucket,
// one for +Inf, one for the sum; counts are per bucket and made cumulative when rendered).
class Series {
public:
  Series(std::vector<std::string> labels, size_t cells);

  void add(int64_t delta = 1) { m_cells[0].fetch_add(delta, std::memory_order_relaxed); }
  void set(int64_t value) { m_cells[0].store(value, std::memory_order_relaxed); }
  int64_t value() const { return m_cells[0].load(std::memory_order_relaxed); }
  // Histogram only: counts `value` in the first bucket whose bound is >= it.
  void observe(const std::vector<int64_t>& buckets, int64_t value);
  int64_t cell(size_t i) const { return m_cells[i].load(std::memory_order_relaxed); }

  const std::vector<std::string>& labels() const { return m_labels; }
  uint64_t hash() const { return m_hash; }

private:
  std::vector<std::string> m_labels;
  uint64_t m_hash;
  std::unique_ptr<std::atomic<int64_t>[]> m_cells;
};

class Family {
public:
  explicit Family(FamilySpec spec);
  ~Family();
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  // The series for `labels` (one value per label name, in order), created on first use.
  Series& with(std::initializer_list<std::string_view> labels);
  Series& with(const std::vector<std::string_view>& labels);
  // Shorthands for a family without labels.
  void add(int64_t delta = 1) { with({}).add(delta); }
  void set(int64_t value) { with({}).set(value); }
  void observe(int64_t value);
  void observe(std::initializer_list<std::string_view> labels, int64_t value);

  const FamilySpec& spec() const { return m_spec; }
  // Every series so far, sorted by label values (for rendering).
  std::vector<const Series*> snapshot() const;

private:
  struct Probe {
    Series* series; // nullptr: absent, and `slot` is where it would go
    size_t slot;
  };
  Probe probe(const std::string_view* labels, size_t count, uint64_t hash) const;
  Series& find_or_create(const std::string_view* labels, size_t count);
  Series& create(const std::string_view* labels, size_t count, uint64_t hash);
  Series& publish(std::vector<std::string> labels, size_t slot); // under m_create_mutex

  FamilySpec m_spec;
  size_t m_cells;
  std::unique_ptr<std::atomic<Series*>[]> m_slots; // open addressing, never shrinks
  size_t m_slot_mask;
  mutable std::mutex m_create_mutex;
  std::vector<std::unique_ptr<Series>> m_series; // owned, in creation order
};

class Registry {
public:
  // Registration happens at start-up; the reference stays valid for the registry's life.
  Family& add(FamilySpec spec);
  // Runs before every render, to refresh gauges read from elsewhere (queue depth, /proc …).
  void add_collector(std::function<void()> collect);
  // The Prometheus text exposition (version 0.0.4) of every family, in registration order.
  std::string render() const;

private:
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<Family>> m_families;
  std::vector<std::function<void()>> m_collectors;
};

// Hash of a label set, the same for views and owned strings.
uint64_t hash_labels(const std::string_view* labels, size_t count);

} // namespace tokenrouter::metrics
