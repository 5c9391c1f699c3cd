#pragma once
// Test helpers for the request-translation tests: golden request files and parse-or-fail.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/inbound/parse.hpp"

namespace tokenrouter::test {

// The text of tests/golden/requests/<name>.
inline std::string golden_request(const std::string& name)
{
  std::ifstream in(std::string(TKR_SOURCE_DIR) + "/tests/golden/requests/" + name,
                   std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file ", name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline model::Json golden_json(const std::string& name)
{
  return model::Json::parse(golden_request(name));
}

// Parses `body` in `dialect`, failing the test on an error.
inline model::Envelope parse_ok(model::Dialect dialect, const std::string& body)
{
  auto result = inbound::parse(dialect, body);
  REQUIRE_MESSAGE(result.has_value(), (result ? std::string() : result.error().message));
  return std::move(*result);
}

// The error message of a parse expected to fail with invalid_request.
inline std::string parse_error(model::Dialect dialect, const std::string& body)
{
  auto result = inbound::parse(dialect, body);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ErrorCode::invalid_request);
  return result.error().message;
}

} // namespace tokenrouter::test
