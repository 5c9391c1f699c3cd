#pragma once
// The cost engine: normalised usage × prices in force × the plan's multiplier, in integer
// nano-USD. One rounding, at the end, so a total never drifts from the sum of its parts by more
// than the rounding of each row.

#include <cstdint>

#include "core/model/usage.hpp"

namespace tokenrouter::billing {

// Prices in nano-USD per million tokens (USD/M × 1e9), as stored in model_pricing.
struct Prices {
  int64_t prompt = 0;
  int64_t completion = 0;
  int64_t cache_read = 0;
  int64_t cache_write_5m = 0;
  int64_t cache_write_1h = 0;
  bool operator==(const Prices&) const = default;
};

constexpr int64_t k_ppm = 1'000'000;

// cost = input × prompt + cache_read × read + (write − write_1h) × write_5m + write_1h × write_1h
//        + output × completion, × multiplier_ppm / 1e6, rounded half up to whole nano-USD.
int64_t cost_nanousd(const model::Usage& usage, const Prices& prices, int64_t multiplier_ppm = k_ppm);

// What cache reads saved against paying the prompt price for the same tokens.
int64_t cache_savings_nanousd(const model::Usage& usage, const Prices& prices, int64_t multiplier_ppm = k_ppm);

// USD with 6 decimals for display ("0.001234").
double nanousd_to_usd(int64_t nanousd);

} // namespace tokenrouter::billing
