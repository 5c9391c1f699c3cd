#include <doctest/doctest.h>

#include "core/billing/money.hpp"

using namespace tokenrouter;

TEST_SUITE("billing::money")
{
  TEST_CASE("decimal USD text becomes nano-USD exactly")
  {
    CHECK(billing::parse_decimal_scaled("2.50").value() == 2'500'000'000);
    CHECK(billing::parse_decimal_scaled("0.075").value() == 75'000'000);
    CHECK(billing::parse_decimal_scaled("12").value() == 12'000'000'000);
    CHECK(billing::parse_decimal_scaled("0.0000000004").value() == 0);
    CHECK(billing::parse_decimal_scaled("0.0000000005").value() == 1);
  }

  TEST_CASE("LiteLLM per-token prices scale to nano-USD per million tokens")
  {
    CHECK(billing::parse_decimal_scaled("3e-06", 15).value() == 3'000'000'000);
    CHECK(billing::parse_decimal_scaled("3.75E-6", 15).value() == 3'750'000'000);
    CHECK(billing::parse_decimal_scaled("2.8e-08", 15).value() == 28'000'000);
  }

  TEST_CASE("garbage and negatives are refused")
  {
    CHECK_FALSE(billing::parse_decimal_scaled("-1"));
    CHECK_FALSE(billing::parse_decimal_scaled("1.2.3"));
    CHECK_FALSE(billing::parse_decimal_scaled(""));
    CHECK_FALSE(billing::parse_decimal_scaled("1e"));
  }

  TEST_CASE("nano-USD prints as short exact decimals")
  {
    CHECK(billing::format_nanousd(2'500'000'000) == "2.5");
    CHECK(billing::format_nanousd(75'000'000) == "0.075");
    CHECK(billing::format_nanousd(0) == "0");
    CHECK(billing::format_nanousd(1) == "0.000000001");
  }
}
