#include "core/metrics/scrape.hpp"

#include <charconv>
#include <optional>

namespace tokenrouter::metrics {

namespace {

// `{a="x",b="y\"z"}` from `at` (just past the '{'); returns the position after '}', or npos.
size_t parse_labels(std::string_view line, size_t at, std::map<std::string, std::string>& labels)
{
  while (at < line.size() && line[at] != '}') {
    const size_t eq = line.find("=\"", at);
    if (eq == std::string_view::npos) {
      return std::string_view::npos;
    }
    std::string name(line.substr(at, eq - at));
    std::string value;
    size_t i = eq + 2;
    for (; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        ++i;
        value += line[i] == 'n' ? '\n' : line[i];
      } else {
        value += line[i];
      }
    }
    labels[std::move(name)] = std::move(value);
    at = i + 1;
    if (at < line.size() && line[at] == ',') {
      ++at;
    }
  }
  return at < line.size() ? at + 1 : std::string_view::npos;
}

std::optional<Sample> parse_line(std::string_view line)
{
  Sample sample;
  size_t end = line.find_first_of("{ ");
  if (end == std::string_view::npos || end == 0) {
    return std::nullopt;
  }
  sample.name = std::string(line.substr(0, end));
  if (line[end] == '{') {
    end = parse_labels(line, end + 1, sample.labels);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
  }
  const std::string_view value = line.substr(std::min(line.find_first_not_of(' ', end), line.size()));
  if (value == "+Inf") {
    sample.value = 1e308;
    return sample;
  }
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), sample.value);
  if (ec != std::errc{}) {
    return std::nullopt;
  }
  return sample;
}

} // namespace

std::vector<Sample> parse_samples(std::string_view text)
{
  std::vector<Sample> out;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (auto sample = parse_line(line)) {
      out.push_back(std::move(*sample));
    }
  }
  return out;
}

double sum_of(const std::vector<Sample>& samples, std::string_view name)
{
  double total = 0;
  for (const auto& sample : samples) {
    total += sample.name == name ? sample.value : 0;
  }
  return total;
}

} // namespace tokenrouter::metrics
