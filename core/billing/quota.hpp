#pragma once
// The nouns of quotas: limits, amounts, periods, and the pure arithmetic on them (what a
// request reserves, what it is charged, when a period starts). No locking, no storage here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/billing/cost.hpp"
#include "core/model/usage.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::billing {

enum class QuotaPeriod { day, month, total };

std::string_view to_string(QuotaPeriod period);
[[nodiscard]] Result<QuotaPeriod> parse_period(std::string_view text);

// One amount in the three units a quota counts.
struct Amount {
  int64_t tokens = 0;
  int64_t requests = 0;
  int64_t nanousd = 0;

  Amount& operator+=(const Amount& other);
  Amount& operator-=(const Amount& other);
  bool operator==(const Amount&) const = default;
};

// nullopt = unlimited in that unit. `kind` (tokens | requests | usd | hybrid) only describes
// which are set: every limit that is set is enforced, the first exhausted one stops.
struct QuotaLimits {
  std::optional<int64_t> tokens;
  std::optional<int64_t> requests;
  std::optional<int64_t> nanousd;
  bool operator==(const QuotaLimits&) const = default;
};

// A row of `quotas`, as the book and the admin ops see it.
struct QuotaRow {
  int64_t id = 0;
  std::string scope;      // "key" | "user"
  std::string subject_id; // api_keys.id or users.id
  std::string kind;       // "tokens" | "requests" | "usd" | "hybrid"
  QuotaPeriod period = QuotaPeriod::total;
  QuotaLimits limits;
  Amount used;
  int64_t cache_read_weight_ppm = 100'000; // a cache-read token counts 0.1 by default
  int64_t period_start_ms = 0;
  int64_t revision = 0;
  std::string origin = "admin"; // "plan": the user's plan's monthly token quota (plan_quotas.hpp)
};

// What one settled request adds to one quota; written by the ledger writer together with the
// request's usage row, so `quotas.used_*` always equals what the ledger recorded.
struct QuotaCharge {
  int64_t quota_id = 0;
  int64_t period_start_ms = 0; // the period the charge belongs to (a newer one resets used_*)
  Amount amount;
};

// Start (unix ms) of the period containing `now_ms`: UTC midnight, the 1st of the UTC month, or 0.
int64_t period_start(QuotaPeriod period, int64_t now_ms);

// Tokens a usage counts against a token limit: cache reads weighted by `weight_ppm`, rounded up.
int64_t weighted_tokens(const model::Usage& usage, int64_t weight_ppm);

// The largest cost `input_tokens` + `output_tokens` can have at `prices`: every input token at the
// dearest input rate (a cache write can cost more than the prompt price).
int64_t max_cost_nanousd(int64_t input_tokens, int64_t output_tokens, const Prices& prices,
                         int64_t multiplier_ppm);

// True when `want` more fits: used + reserved + want ≤ limit in every limited unit; a unit at
// or beyond its limit admits nothing, even a zero-sized want. On false, `which` names the unit.
bool fits(const QuotaLimits& limits, const Amount& committed, const Amount& want,
          std::string_view* which);

// "tokens" | "requests" | "usd" | "hybrid" from the limits that are set.
std::string kind_of(const QuotaLimits& limits);

} // namespace tokenrouter::billing
