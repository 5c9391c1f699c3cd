#include "core/metrics/exposition.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/metrics/registry.hpp"

namespace tokenrouter::metrics {

namespace {

std::string_view type_name(Kind kind)
{
  switch (kind) {
  case Kind::counter:
    return "counter";
  case Kind::gauge:
    return "gauge";
  case Kind::histogram:
    return "histogram";
  }
  return "untyped";
}

// `{a="x",b="y"}` (or "" without labels); `extra` is an already formatted `le="…"`.
std::string label_text(const FamilySpec& spec, const Series& series, std::string_view extra = {})
{
  std::string out;
  const auto& values = series.labels();
  for (size_t i = 0; i < values.size() && i < spec.label_names.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += spec.label_names[i] + "=\"" + escape_label_value(values[i]) + "\"";
  }
  if (!extra.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra;
  }
  return out.empty() ? out : out + "}";
}

void render_histogram(const FamilySpec& spec, const Series& series, std::string& out)
{
  int64_t cumulative = 0;
  for (size_t i = 0; i <= spec.buckets.size(); ++i) {
    cumulative += series.cell(i);
    const std::string le = i < spec.buckets.size()
                               ? format_value(static_cast<double>(spec.buckets[i]) / spec.divisor)
                               : "+Inf";
    out += spec.name + "_bucket" + label_text(spec, series, "le=\"" + le + "\"") + " "
           + std::to_string(cumulative) + "\n";
  }
  const double sum = static_cast<double>(series.cell(spec.buckets.size() + 1)) / spec.divisor;
  out += spec.name + "_sum" + label_text(spec, series) + " " + format_value(sum) + "\n";
  out += spec.name + "_count" + label_text(spec, series) + " " + std::to_string(cumulative) + "\n";
}

} // namespace

std::string escape_label_value(std::string_view value)
{
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
    case '\\':
      out += "\\\\";
      break;
    case '"':
      out += "\\\"";
      break;
    case '\n':
      out += "\\n";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view help)
{
  std::string out;
  for (const char c : help) {
    out += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
  }
  return out;
}

std::string format_value(double value)
{
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<int64_t>(value));
  }
  return fmt::format("{}", value);
}

void render_family(const Family& family, std::string& out)
{
  const FamilySpec& spec = family.spec();
  out += "# HELP " + spec.name + " " + escape_help(spec.help) + "\n";
  out += "# TYPE " + spec.name + " " + std::string(type_name(spec.kind)) + "\n";
  for (const Series* series : family.snapshot()) {
    if (spec.kind == Kind::histogram) {
      render_histogram(spec, *series, out);
    } else {
      const double value = static_cast<double>(series->value()) / spec.divisor;
      out += spec.name + label_text(spec, *series) + " " + format_value(value) + "\n";
    }
  }
}

} // namespace tokenrouter::metrics
