#include "cli/commands/replay_summary.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/billing/money.hpp"

namespace tokenrouter::cli {

namespace {

using Json = nlohmann::json;

constexpr size_t k_errors_shown = 5;

std::string usd(int64_t nanousd)
{
  return nanousd < 0 ? "-" + billing::format_nanousd(-nanousd) : billing::format_nanousd(nanousd);
}

std::string ratio_text(double ratio)
{
  return std::to_string(std::lround(ratio * 1000) / 10.0).substr(0, 5);
}

} // namespace

int64_t percentile(std::vector<int64_t> values, int p)
{
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

Json summarize(const std::vector<Outcome>& outcomes)
{
  model::Usage total;
  int64_t cost = 0;
  int64_t errors = 0;
  std::set<std::string> unpriced;
  std::vector<int64_t> latencies;
  Json first_errors = Json::array();
  for (const auto& o : outcomes) {
    total.input_tokens += o.usage.input_tokens;
    total.cache_read_tokens += o.usage.cache_read_tokens;
    total.cache_write_tokens += o.usage.cache_write_tokens;
    total.output_tokens += o.usage.output_tokens;
    cost += o.cost_nanousd;
    latencies.push_back(o.latency_ms);
    if (!o.error.empty()) {
      ++errors;
      if (first_errors.size() < k_errors_shown) {
        first_errors.push_back(o.error);
      }
    } else if (!o.priced && o.usage.total() > 0) {
      unpriced.insert(o.model);
    }
  }
  const int64_t prompt = total.prompt_total();
  const double hit =
      prompt > 0 ? static_cast<double>(total.cache_read_tokens) / static_cast<double>(prompt) : 0.0;
  return {{"requests", outcomes.size()},
          {"errors", errors},
          {"prompt_tokens", prompt},
          {"cached_tokens", total.cache_read_tokens},
          {"cache_write_tokens", total.cache_write_tokens},
          {"completion_tokens", total.output_tokens},
          {"cache_hit_ratio", hit},
          {"cost_nanousd", cost},
          {"cost_usd", usd(cost)},
          {"unpriced_models", unpriced},
          {"latency_ms", {{"p50", percentile(latencies, 50)}, {"p99", percentile(latencies, 99)}}},
          {"first_errors", first_errors}};
}

std::vector<std::string> gate_failures(const Json& s, const Gates& gates)
{
  std::vector<std::string> failures;
  const int64_t cost = s.value("cost_nanousd", int64_t{0});
  if (gates.max_cost_nanousd && cost > *gates.max_cost_nanousd) {
    failures.push_back("cost $" + usd(cost) + " is over --max-cost $"
                       + usd(*gates.max_cost_nanousd));
  }
  const double hit = s.value("cache_hit_ratio", 0.0);
  if (gates.min_cache_hit && hit < *gates.min_cache_hit) {
    failures.push_back("cache-hit ratio " + ratio_text(hit) + "% is under --min-cache-hit "
                       + ratio_text(*gates.min_cache_hit) + "%");
  }
  const int64_t errors = s.value("errors", int64_t{0});
  if (gates.max_errors && errors > *gates.max_errors) {
    failures.push_back(std::to_string(errors) + " errors is over --max-errors "
                       + std::to_string(*gates.max_errors));
  }
  return failures;
}

Json compare(const Json& now, const Json& baseline)
{
  Json out = Json::object();
  const auto put = [&](const std::string& name, const Json& a, const Json& b) {
    if (!a.is_number() || !b.is_number()) {
      return;
    }
    if (a.is_number_float() || b.is_number_float()) {
      out[name] = {{"baseline", b}, {"now", a}, {"change", a.get<double>() - b.get<double>()}};
    } else {
      out[name] = {{"baseline", b}, {"now", a}, {"change", a.get<int64_t>() - b.get<int64_t>()}};
    }
  };
  for (const char* name : {"requests",
                           "errors",
                           "prompt_tokens",
                           "cached_tokens",
                           "cache_write_tokens",
                           "completion_tokens",
                           "cache_hit_ratio",
                           "cost_nanousd"}) {
    put(name, now.value(name, Json()), baseline.value(name, Json()));
  }
  for (const char* name : {"p50", "p99"}) {
    put(std::string("latency_") + name + "_ms",
        now.value("latency_ms", Json::object()).value(name, Json()),
        baseline.value("latency_ms", Json::object()).value(name, Json()));
  }
  if (out.contains("cost_nanousd")) {
    out["cost_nanousd"]["change_usd"] = usd(out["cost_nanousd"]["change"].get<int64_t>());
  }
  return out;
}

} // namespace tokenrouter::cli
