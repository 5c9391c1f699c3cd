#pragma once
// `model_pricing` rows: read (all history, or in force at a time), written with effective_from
// so history is kept, and the models served without a price.

#include <string>
#include <vector>

#include "core/billing/price_book.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::billing {

// Every row, oldest first per model; `in_force_at_s` ≥ 0 keeps only the row in force then.
[[nodiscard]] Result<std::vector<PriceRow>> read_prices(store::Database& db, int64_t in_force_at_s = -1);

// Inserts (or replaces the row of the same model, provider and effective_from).
[[nodiscard]] Status write_price(store::Database& db, const PriceRow& row);

// Writes `rows` in one transaction, skipping those equal to the price already in force at their
// time. Returns how many were written.
[[nodiscard]] Result<int64_t> import_prices(store::Database& db, const std::vector<PriceRow>& rows);

struct UnpricedModel {
  std::string model;
  std::string provider;
  int64_t requests = 0;
  int64_t tokens = 0;
  int64_t last_seen_ms = 0;
};

// Models recorded with priced = 0 that still have no price.
[[nodiscard]] Result<std::vector<UnpricedModel>> unpriced_models(store::Database& db, int64_t now_s);

} // namespace tokenrouter::billing
