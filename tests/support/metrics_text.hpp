#pragma once
// Test-side reading of a Prometheus text exposition: samples by their full series text.

#include <map>
#include <set>
#include <string>

namespace tokenrouter::testing {

struct Scrape {
  std::map<std::string, double> samples;       // `name{labels}` exactly as rendered → value
  std::map<std::string, std::string> types;    // family → counter | gauge | histogram
  std::set<std::string> helped;                // families with a # HELP line
  std::string malformed;                       // the first line that does not parse ("" = none)

  // The value of a series, or -1 when absent.
  double value(const std::string& series) const;
  // The sum over every series of `name` whose label text contains each of `fragments`.
  double sum(const std::string& name, std::initializer_list<std::string> fragments = {}) const;
};

Scrape parse_scrape(const std::string& text);

} // namespace tokenrouter::testing
