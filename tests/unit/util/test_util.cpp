#include <doctest/doctest.h>

#include <set>

#include "core/util/crypto.hpp"
#include "core/util/strings.hpp"
#include "core/util/time_text.hpp"

using namespace tokenrouter::util;

TEST_SUITE("util::crypto")
{
  TEST_CASE("random_base62 has the length and alphabet asked for, and does not repeat")
  {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      const auto s = random_base62(40);
      CHECK(s.size() == 40);
      CHECK(s.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == std::string::npos);
      seen.insert(s);
    }
    CHECK(seen.size() == 200);
  }

  TEST_CASE("sha256 of a known vector")
  {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_raw("abc").size() == 32);
  }

  TEST_CASE("constant_time_equal")
  {
    CHECK(constant_time_equal("tr-abc", "tr-abc"));
    CHECK_FALSE(constant_time_equal("tr-abc", "tr-abd"));
    CHECK_FALSE(constant_time_equal("tr-abc", "tr-ab"));
    CHECK(constant_time_equal("", ""));
  }
}

TEST_SUITE("util::strings")
{
  TEST_CASE("glob_match")
  {
    CHECK(glob_match("claude-*", "claude-sonnet-4-5"));
    CHECK(glob_match("gpt-4?", "gpt-4o"));
    CHECK(glob_match("*", ""));
    CHECK(glob_match("a*b*c", "aXXbYYc"));
    CHECK_FALSE(glob_match("claude-*", "gpt-4o"));
    CHECK_FALSE(glob_match("gpt-4?", "gpt-4"));
    CHECK(glob_match("exact", "exact"));
    CHECK_FALSE(glob_match("exact", "exact2"));
  }

  TEST_CASE("split, trim, redact, is_safe_id")
  {
    CHECK(split("a, b ,c", ',') == std::vector<std::string>{"a", "b", "c"});
    CHECK(trim("  x \n") == "x");
    CHECK(redact("tr-abcdefghijklmnop") == "tr-abc…");
    CHECK(redact("short") == "***");
    CHECK(is_safe_id("req_123.abc:def-9"));
    CHECK_FALSE(is_safe_id("has space"));
    CHECK_FALSE(is_safe_id(""));
    CHECK_FALSE(is_safe_id(std::string(129, 'a')));
  }
}

TEST_SUITE("util::time_text")
{
  TEST_CASE("durations")
  {
    CHECK(parse_duration_s("90s").value() == 90);
    CHECK(parse_duration_s("12h").value() == 43200);
    CHECK(parse_duration_s("30d").value() == 2592000);
    CHECK(parse_duration_s("2w").value() == 1209600);
    CHECK_FALSE(parse_duration_s("12").has_value());
    CHECK_FALSE(parse_duration_s("x5d").has_value());
    CHECK_FALSE(parse_duration_s("5y").has_value());
  }

  TEST_CASE("ISO-8601 instants and relative times")
  {
    CHECK(parse_iso8601_s("2026-12-31").value() == 1798675200);
    CHECK(parse_iso8601_s("2026-12-31T23:59:59Z").value() == 1798761599);
    CHECK_FALSE(parse_iso8601_s("31/12/2026").has_value());
    CHECK(parse_time_or_duration("90s", 1000).value() == 1090);
    CHECK(parse_time_or_duration("2026-12-31", 0).value() == 1798675200);
    CHECK(format_iso8601(1798761599) == "2026-12-31T23:59:59Z");
  }
}
