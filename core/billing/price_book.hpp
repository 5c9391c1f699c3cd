#pragma once
// Prices in force, in memory: loaded from `model_pricing` and reloaded when the table changes
// (e.g. `tokenrouter pricing set` on the running daemon's database). A request is priced with
// the row whose effective_from is the latest not after the request's time.

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <vector>

#include "core/billing/cost.hpp"
#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::billing {

struct PriceRow {
  std::string model;
  std::string provider;    // provider kind: openai | anthropic | deepseek | openai-compatible
  int64_t effective_from = 0; // unix s
  Prices prices;
};

class PriceBook {
public:
  // Replaces the rows (any order).
  void load(std::vector<PriceRow> rows);
  [[nodiscard]] Status load_from(store::Database& db);

  // The prices for `model` at `at_s`. Tries the exact name, then the name without a date
  // suffix ("claude-sonnet-4-5-20250929" → "claude-sonnet-4-5", "gpt-4o-2024-08-06" →
  // "gpt-4o"); rows of `provider` first, then of any provider. nullopt: unpriced.
  std::optional<Prices> find(const std::string& model, const std::string& provider, int64_t at_s) const;

private:
  std::optional<Prices> find_exact(const std::string& model, const std::string& provider, int64_t at_s) const;

  mutable std::shared_mutex m_mutex;
  // (model, provider) → rows sorted by effective_from.
  std::map<std::pair<std::string, std::string>, std::vector<PriceRow>> m_rows;
};

// "claude-sonnet-4-5-20250929" → "claude-sonnet-4-5"; "gpt-4o-2024-08-06" → "gpt-4o"; else "".
std::string without_date_suffix(const std::string& model);

} // namespace tokenrouter::billing
