#pragma once
// The Prometheus text exposition format (version 0.0.4): `# HELP` and `# TYPE` per family,
// one line per series, histograms as cumulative `_bucket{le=…}` lines ending in `+Inf`, then
// `_sum` and `_count`.

#include <string>
#include <string_view>

namespace tokenrouter::metrics {

class Family;

// A label value with `\`, `"` and newline escaped (`\\`, `\"`, `\n`).
std::string escape_label_value(std::string_view value);
// HELP text with `\` and newline escaped.
std::string escape_help(std::string_view help);
// A sample value: integers without a fraction, others in the shortest exact form.
std::string format_value(double value);

// Appends `family` to `out`.
void render_family(const Family& family, std::string& out);

} // namespace tokenrouter::metrics
