#pragma once
// Reading a Prometheus text exposition back (for `tokenrouter status`, which asks a running
// daemon's /metrics for what only the daemon knows: version, start time, queue, streams).

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::metrics {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels; // unescaped values
  double value = 0;
};

// Every sample line; comments and lines that do not parse are skipped.
std::vector<Sample> parse_samples(std::string_view text);

// The sum of every sample named `name` (0 when none).
double sum_of(const std::vector<Sample>& samples, std::string_view name);

} // namespace tokenrouter::metrics
