#pragma once
// Decimal text ↔ integer nano-USD, exactly (no floating point on the way): "2.50" ↔ 2500000000.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace tokenrouter::billing {

// "12", "0.075", "1e-6" and "3E-06" style numbers (the last as in LiteLLM's price sheet), times
// 10^`scale_digits` (9: USD → nano-USD), rounded half up; negative and over-long are refused.
[[nodiscard]] Result<int64_t> parse_decimal_scaled(std::string_view text, int scale_digits = 9);

// 2500000000 → "2.5"; 75000000 → "0.075"; trailing zeros dropped, at most 9 decimals.
std::string format_nanousd(int64_t nanousd);

} // namespace tokenrouter::billing
