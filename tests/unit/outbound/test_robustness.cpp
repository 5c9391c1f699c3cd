// Property: no request a client can send makes parse() or build() throw. Every value of the
// golden bodies is replaced, one at a time, by a value of each JSON type.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "tests/unit/outbound/translate.hpp"

using tokenrouter::model::Dialect;
using tokenrouter::model::Json;
using tokenrouter::model::ProviderKind;

namespace {

// The JSON pointers of every value inside `value` (not the root).
void collect_pointers(const Json& value, const std::string& at, std::vector<std::string>& out)
{
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      const std::string pointer = at + "/" + key; // golden keys hold no '/' or '~'
      out.push_back(pointer);
      collect_pointers(child, pointer, out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string pointer = at + "/" + std::to_string(i);
      out.push_back(pointer);
      collect_pointers(value[i], pointer, out);
    }
  }
}

// For each position of `body` and each JSON type, replaces that value and calls `check`;
// returns the first mutation `check` failed on ("" when none did).
std::string first_failure(const Json& body, const std::function<bool(const Json&)>& check)
{
  const Json replacements =
      Json::array({nullptr, 1, "s", Json::array({1}), Json::object(), Json{{"type", "x"}}});
  std::vector<std::string> pointers;
  collect_pointers(body, "", pointers);
  for (const auto& pointer : pointers) {
    for (const auto& replacement : replacements) {
      Json mutated = body;
      mutated[Json::json_pointer(pointer)] = replacement;
      if (!check(mutated)) {
        return pointer + " = " + replacement.dump();
      }
    }
  }
  return {};
}

// parse() gives an Envelope or invalid_request; build() then never throws, for either shape.
bool parses_and_builds(Dialect dialect, const Json& body)
{
  auto envelope = tokenrouter::inbound::parse(dialect, body.dump());
  if (!envelope) {
    return envelope.error().code == tokenrouter::ErrorCode::invalid_request;
  }
  try {
    for (const auto provider : {ProviderKind::openai, ProviderKind::anthropic}) {
      tokenrouter::outbound::BuildOptions options;
      options.provider = provider;
      (void)tokenrouter::outbound::build(*envelope, options).dump();
    }
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

} // namespace

TEST_SUITE("outbound::robustness")
{
  TEST_CASE("mutated OpenAI bodies parse to an error or build without throwing")
  {
    CHECK(first_failure(tokenrouter::test::golden_json("openai_agent_turn.json"),
                        [](const Json& body) {
                          return parses_and_builds(Dialect::openai_chat, body);
                        }) == "");
  }

  TEST_CASE("mutated Anthropic bodies parse to an error or build without throwing")
  {
    CHECK(first_failure(tokenrouter::test::golden_json("anthropic_claude_code_turn.json"),
                        [](const Json& body) {
                          return parses_and_builds(Dialect::anthropic_messages, body);
                        }) == "");
  }
}
