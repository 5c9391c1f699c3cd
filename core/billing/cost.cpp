#include "core/billing/cost.hpp"

namespace tokenrouter::billing {

namespace {

// GCC's 128-bit integer; __extension__ keeps -Wpedantic quiet about a non-ISO type.
__extension__ using int128 = __int128;

// tokens × nano-USD-per-million × ppm / 1e12, rounded half up; int128 keeps a billion tokens at
// $75/M exact.
int64_t scale(int128 numerator)
{
  constexpr int128 k_divisor = static_cast<int128>(1'000'000) * k_ppm;
  return static_cast<int64_t>((numerator + k_divisor / 2) / k_divisor);
}

} // namespace

int64_t cost_nanousd(const model::Usage& usage, const Prices& prices, int64_t multiplier_ppm)
{
  const int64_t write_1h = usage.cache_write_1h_tokens;
  const int64_t write_5m = usage.cache_write_tokens - write_1h;
  int128 sum = static_cast<int128>(usage.input_tokens) * prices.prompt;
  sum += static_cast<int128>(usage.cache_read_tokens) * prices.cache_read;
  sum += static_cast<int128>(write_5m) * prices.cache_write_5m;
  sum += static_cast<int128>(write_1h) * prices.cache_write_1h;
  sum += static_cast<int128>(usage.output_tokens) * prices.completion;
  return scale(sum * multiplier_ppm);
}

int64_t cache_savings_nanousd(const model::Usage& usage, const Prices& prices, int64_t multiplier_ppm)
{
  const int128 per_token = prices.prompt - prices.cache_read;
  if (per_token <= 0) {
    return 0;
  }
  return scale(static_cast<int128>(usage.cache_read_tokens) * per_token * multiplier_ppm);
}

double nanousd_to_usd(int64_t nanousd)
{
  return static_cast<double>(nanousd) / 1e9;
}

} // namespace tokenrouter::billing
