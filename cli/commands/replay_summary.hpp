#pragma once
// `tokenrouter replay`'s figures: what each replayed request cost and took, summed into one
// JSON summary; the CI gates checked against it; the change against a baseline summary.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/usage.hpp"

namespace tokenrouter::cli {

// One request sent to the target.
struct Outcome {
  int status = 0;     // 0: no answer (transport failure)
  std::string error;  // "" when the request succeeded
  model::Usage usage; // from the answer's own usage
  int64_t cost_nanousd = 0;
  bool priced = false; // false: no price known for `model`
  int64_t latency_ms = 0;
  std::string model;
};

struct Gates {
  std::optional<int64_t> max_cost_nanousd;
  std::optional<double> min_cache_hit; // cache_read / prompt tokens
  std::optional<int64_t> max_errors;
};

// {"requests", "errors", "prompt_tokens", "cached_tokens", "cache_write_tokens",
//  "completion_tokens", "cache_hit_ratio", "cost_nanousd", "cost_usd", "unpriced_models",
//  "latency_ms": {"p50", "p99"}, "first_errors"}
[[nodiscard]] nlohmann::json summarize(const std::vector<Outcome>& outcomes);

// One sentence per gate the summary fails ("cost $0.42 is over --max-cost $0.10"); empty = pass.
[[nodiscard]] std::vector<std::string> gate_failures(const nlohmann::json& summary,
                                                     const Gates& gates);

// For each figure both summaries have: {"baseline", "now", "change"} (change as a number, and
// for cost also in USD text).
[[nodiscard]] nlohmann::json compare(const nlohmann::json& summary, const nlohmann::json& baseline);

// The nearest-rank percentile `p` (0–100) of `values` (0 when empty).
[[nodiscard]] int64_t percentile(std::vector<int64_t> values, int p);

} // namespace tokenrouter::cli
