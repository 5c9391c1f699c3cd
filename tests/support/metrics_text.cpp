#include "tests/support/metrics_text.hpp"

#include <sstream>

namespace tokenrouter::testing {

double Scrape::value(const std::string& series) const
{
  const auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

double Scrape::sum(const std::string& name, std::initializer_list<std::string> fragments) const
{
  double total = 0;
  for (const auto& [series, v] : samples) {
    const auto brace = series.find('{');
    if (series.substr(0, brace) != name) {
      continue;
    }
    bool all = true;
    for (const auto& fragment : fragments) {
      all = all && series.find(fragment) != std::string::npos;
    }
    total += all ? v : 0;
  }
  return total;
}

Scrape parse_scrape(const std::string& text)
{
  Scrape out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# TYPE ")) {
      std::istringstream fields(line.substr(7));
      std::string name;
      std::string type;
      fields >> name >> type;
      out.types[name] = type;
      continue;
    }
    if (line.starts_with("# HELP ")) {
      std::istringstream fields(line.substr(7));
      std::string name;
      fields >> name;
      out.helped.insert(name);
      continue;
    }
    const auto space = line.rfind(' ');
    if (line.empty() || space == std::string::npos) {
      if (out.malformed.empty() && !line.empty()) {
        out.malformed = line;
      }
      continue;
    }
    try {
      const std::string value = line.substr(space + 1);
      out.samples[line.substr(0, space)] = value == "+Inf" ? 1e308 : std::stod(value);
    } catch (const std::exception&) {
      if (out.malformed.empty()) {
        out.malformed = line;
      }
    }
  }
  return out;
}

} // namespace tokenrouter::testing
