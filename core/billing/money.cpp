#include "core/billing/money.hpp"

#include <cctype>
#include <charconv>

namespace tokenrouter::billing {

namespace {

Error bad_number(std::string_view text)
{
  return {ErrorCode::invalid_request, "not a non-negative decimal number: '" + std::string(text) + "'"};
}

// Splits "1.25e-3" into digits "125", and the power of ten they are scaled by (-5).
bool split_decimal(std::string_view text, std::string& digits, int& exponent)
{
  const size_t e = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, e);
  exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view exp_text = text.substr(e + 1);
    if (!exp_text.empty() && exp_text[0] == '+') {
      exp_text.remove_prefix(1);
    }
    auto [end, ec] = std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    if (ec != std::errc{} || end != exp_text.data() + exp_text.size() || exp_text.empty()) {
      return false;
    }
  }
  bool dot = false;
  for (char c : mantissa) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digits += c;
      exponent -= dot ? 1 : 0;
    } else {
      return false;
    }
  }
  return !digits.empty();
}

} // namespace

Result<int64_t> parse_decimal_scaled(std::string_view text, int scale_digits)
{
  std::string digits;
  int exponent = 0;
  if (!split_decimal(text, digits, exponent)) {
    return tl::unexpected(bad_number(text));
  }
  exponent += scale_digits;
  while (exponent < 0 && digits.size() > 1) { // drop digits below one unit, rounding half up
    const bool round_up = exponent == -1 && digits.back() >= '5';
    digits.pop_back();
    ++exponent;
    if (round_up) {
      if (digits.size() > 18) {
        return tl::unexpected(bad_number(text));
      }
      digits = std::to_string(std::stoll(digits) + 1);
    }
  }
  if (exponent < 0) {
    return digits[0] >= '5' && exponent == -1 ? 1 : 0;
  }
  digits.append(static_cast<size_t>(exponent), '0');
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return 0;
  }
  if (digits.size() - first > 18) {
    return tl::unexpected(bad_number(text));
  }
  return std::stoll(digits.substr(first));
}

std::string format_nanousd(int64_t nanousd)
{
  const bool negative = nanousd < 0;
  const uint64_t value = negative ? 0 - static_cast<uint64_t>(nanousd) : static_cast<uint64_t>(nanousd);
  std::string out = std::to_string(value / 1'000'000'000);
  std::string fraction = std::to_string(value % 1'000'000'000);
  fraction.insert(0, 9 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.pop_back();
  }
  if (!fraction.empty()) {
    out += "." + fraction;
  }
  return negative ? "-" + out : out;
}

} // namespace tokenrouter::billing
