#include <doctest/doctest.h>

#include "core/stream/json_util.hpp"

namespace tokenrouter::stream {

TEST_SUITE("stream::json_util")
{
  TEST_CASE("the top-level model is replaced, not a nested one")
  {
    const std::string text =
        R"({"args":{"model":"inner"},"list":[{"model":"x"},"}"],"model":"gpt-4o","n":1})";
    CHECK(replace_string_member(text, {"model"}, "mine")
          == R"({"args":{"model":"inner"},"list":[{"model":"x"},"}"],"model":"mine","n":1})");
  }

  TEST_CASE("a nested path is followed")
  {
    const std::string text =
        R"({"type":"message_start","message":{"id":"m","content":[],"model":"claude-x"}})";
    CHECK(replace_string_member(text, {"message", "model"}, "mine")
          == R"({"type":"message_start","message":{"id":"m","content":[],"model":"mine"}})");
  }

  TEST_CASE("strings with escapes and whitespace are skipped correctly")
  {
    const std::string text = "{ \"a\" : \"x\\\"model\\\\\" ,\n \"model\" : \"old\" }";
    CHECK(replace_string_member(text, {"model"}, "new\"q")
          == "{ \"a\" : \"x\\\"model\\\\\" ,\n \"model\" : \"new\\\"q\" }");
  }

  TEST_CASE("unchanged when the model is already the client's or absent")
  {
    const std::string same = R"({"model":"mine","x":1})";
    CHECK(replace_string_member(same, {"model"}, "mine") == same);
    const std::string absent = R"({"x":{"model":"a"}})";
    CHECK(replace_string_member(absent, {"model"}, "mine") == absent);
    const std::string not_string = R"({"model":null})";
    CHECK(replace_string_member(not_string, {"model"}, "mine") == not_string);
  }

  TEST_CASE("an escaped key falls back to re-serialising")
  {
    const std::string text = R"({"mod\u0065l":"old","a":[1,2]})";
    CHECK(replace_string_member(text, {"model"}, "mine") == R"({"model":"mine","a":[1,2]})");
  }

  TEST_CASE("accessors never throw on the wrong shape")
  {
    const Json value = Json::parse(R"({"s":"x","i":3,"f":2.9,"o":{"k":1},"n":null})");
    CHECK(string_member(value, "s") == "x");
    CHECK(string_member(value, "i").empty());
    CHECK(int_member(value, "i") == 3);
    CHECK(int_member(value, "f") == 2);
    CHECK(int_member(value, "s") == 0);
    CHECK(member(member(value, "o"), "k") == 1);
    CHECK(member(Json::array(), "k").is_null());
    CHECK(string_member(member(value, "missing"), "x").empty());
  }

  TEST_CASE("parse_object rejects anything but an object")
  {
    CHECK(parse_object(R"({"a":1})", "x"));
    CHECK_FALSE(parse_object("[1]", "x"));
    const auto bad = parse_object("{\"a\":", "an event");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::upstream_failed);
  }
}

} // namespace tokenrouter::stream
