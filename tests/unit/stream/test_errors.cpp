// Expected wire values are literals on purpose.

#include <doctest/doctest.h>

#include "core/stream/errors.hpp"
#include "core/stream/translator.hpp"

namespace tokenrouter::stream {

using model::Dialect;

TEST_SUITE("stream::errors")
{
  TEST_CASE("http_status per code, and an explicit status wins")
  {
    CHECK(http_status(Error{ErrorCode::invalid_request, ""}) == 400);
    CHECK(http_status(Error{ErrorCode::unauthorized, ""}) == 401);
    CHECK(http_status(Error{ErrorCode::forbidden, ""}) == 403);
    CHECK(http_status(Error{ErrorCode::not_found, ""}) == 404);
    CHECK(http_status(Error{ErrorCode::no_route, ""}) == 404);
    CHECK(http_status(Error{ErrorCode::payload_too_large, ""}) == 413);
    CHECK(http_status(Error{ErrorCode::rate_limited, ""}) == 429);
    CHECK(http_status(Error{ErrorCode::budget_exceeded, ""}) == 429);
    CHECK(http_status(Error{ErrorCode::upstream_failed, ""}) == 502);
    CHECK(http_status(Error{ErrorCode::unavailable, ""}) == 503);
    CHECK(http_status(Error{ErrorCode::upstream_timeout, ""}) == 504);
    CHECK(http_status(Error{ErrorCode::storage, ""}) == 500);
    CHECK(http_status(Error{ErrorCode::internal, ""}) == 500);
    CHECK(http_status(Error{ErrorCode::config, ""}) == 500);
    CHECK(http_status(Error{ErrorCode::invalid_request, "", 422}) == 422);
  }

  TEST_CASE("OpenAI error bodies")
  {
    const ErrorResponse response =
        render_error(Dialect::openai_chat, Error{ErrorCode::rate_limited, "slow down", 0, 12});
    CHECK(response.status == 429);
    CHECK(response.retry_after_s == 12);
    CHECK(response.body
          == R"({"error":{"message":"slow down","type":"rate_limit_exceeded","param":null,"code":"rate_limited"}})");
    CHECK(render_error(Dialect::openai_chat, Error{ErrorCode::budget_exceeded, "quota"}).body
          == R"({"error":{"message":"quota","type":"insufficient_quota","param":null,"code":"budget_exceeded"}})");
    CHECK(render_error(Dialect::openai_chat, Error{ErrorCode::unauthorized, "bad key"}).body
          == R"({"error":{"message":"bad key","type":"authentication_error","param":null,"code":"unauthorized"}})");
    CHECK(render_error(Dialect::openai_chat, Error{ErrorCode::no_route, "no model"}).body
          == R"({"error":{"message":"no model","type":"not_found_error","param":null,"code":"no_route"}})");
    CHECK(render_error(Dialect::openai_chat, Error{ErrorCode::upstream_failed, "boom"}).body
          == R"({"error":{"message":"boom","type":"server_error","param":null,"code":"upstream_failed"}})");
  }

  TEST_CASE("Anthropic error bodies")
  {
    const auto body = [](ErrorCode code) {
      return render_error(Dialect::anthropic_messages, Error{code, "m"}).body;
    };
    CHECK(body(ErrorCode::invalid_request)
          == R"({"type":"error","error":{"type":"invalid_request_error","message":"m"}})");
    CHECK(body(ErrorCode::unauthorized)
          == R"({"type":"error","error":{"type":"authentication_error","message":"m"}})");
    CHECK(body(ErrorCode::forbidden)
          == R"({"type":"error","error":{"type":"permission_error","message":"m"}})");
    CHECK(body(ErrorCode::not_found)
          == R"({"type":"error","error":{"type":"not_found_error","message":"m"}})");
    CHECK(body(ErrorCode::payload_too_large)
          == R"({"type":"error","error":{"type":"request_too_large","message":"m"}})");
    CHECK(body(ErrorCode::rate_limited)
          == R"({"type":"error","error":{"type":"rate_limit_error","message":"m"}})");
    CHECK(body(ErrorCode::upstream_failed)
          == R"({"type":"error","error":{"type":"api_error","message":"m"}})");
    CHECK(body(ErrorCode::unavailable)
          == R"({"type":"error","error":{"type":"overloaded_error","message":"m"}})");
    CHECK(body(ErrorCode::upstream_timeout)
          == R"({"type":"error","error":{"type":"timeout_error","message":"m"}})");
    CHECK(body(ErrorCode::internal)
          == R"({"type":"error","error":{"type":"api_error","message":"m"}})");
  }

  TEST_CASE("error events end a stream in the client's dialect")
  {
    CHECK(render_error_event(Dialect::anthropic_messages, Error{ErrorCode::unavailable, "busy"})
          == "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
             "\"message\":\"busy\"}}\n\n");
    CHECK(render_error_event(Dialect::openai_chat, Error{ErrorCode::upstream_timeout, "slow"})
          == "data: {\"error\":{\"message\":\"slow\",\"type\":\"server_error\",\"param\":null,"
             "\"code\":\"upstream_timeout\"}}\n\ndata: [DONE]\n\n");
  }

  TEST_CASE("upstream 401/403 keep their meaning and message")
  {
    const Error error = upstream_error(
        Dialect::anthropic_messages,
        401,
        R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})",
        -1);
    CHECK(error.code == ErrorCode::unauthorized);
    CHECK(error.message == "invalid x-api-key");
    CHECK(http_status(error) == 401);
    CHECK(upstream_error(Dialect::openai_chat, 403, "{}", -1).code == ErrorCode::forbidden);
  }

  TEST_CASE("upstream 429 keeps retry-after, or is budget_exceeded on insufficient_quota")
  {
    const Error limited = upstream_error(
        Dialect::openai_chat,
        429,
        R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})",
        7);
    CHECK(limited.code == ErrorCode::rate_limited);
    CHECK(limited.retry_after_s == 7);
    CHECK(limited.message == "Rate limit reached");
    const Error quota = upstream_error(
        Dialect::openai_chat,
        429,
        R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})",
        -1);
    CHECK(quota.code == ErrorCode::budget_exceeded);
    CHECK(render_error(Dialect::openai_chat, quota).status == 429);
  }

  TEST_CASE("upstream 4xx keep their status and message")
  {
    const Error bad = upstream_error(
        Dialect::anthropic_messages,
        400,
        R"({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: required"}})",
        -1);
    CHECK(bad.code == ErrorCode::invalid_request);
    CHECK(bad.message == "max_tokens: required");
    CHECK(http_status(bad) == 400);
    const Error missing = upstream_error(
        Dialect::openai_chat,
        404,
        R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}})",
        -1);
    CHECK(missing.code == ErrorCode::not_found);
    CHECK(http_status(missing) == 404);
    const Error unprocessable = upstream_error(Dialect::openai_chat, 422, "nope", -1);
    CHECK(unprocessable.code == ErrorCode::invalid_request);
    CHECK(http_status(unprocessable) == 422);
    CHECK(unprocessable.message == "upstream returned HTTP 422: nope");
    const Error large = upstream_error(Dialect::anthropic_messages, 413, "", -1);
    CHECK(large.code == ErrorCode::payload_too_large);
    CHECK(http_status(large) == 413);
  }

  TEST_CASE("upstream 5xx are 502, 529 is 503")
  {
    const Error server = upstream_error(Dialect::openai_chat, 500, "<html>oops</html>", -1);
    CHECK(server.code == ErrorCode::upstream_failed);
    CHECK(http_status(server) == 502);
    const Error overloaded = upstream_error(
        Dialect::anthropic_messages,
        529,
        R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
        3);
    CHECK(overloaded.code == ErrorCode::unavailable);
    CHECK(http_status(overloaded) == 503);
    CHECK(overloaded.retry_after_s == 3);
    CHECK(render_error(Dialect::anthropic_messages, overloaded).body
          == R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
  }

  TEST_CASE("provider error objects read back into codes")
  {
    CHECK(error_from_anthropic(Json::parse(R"({"type":"overloaded_error","message":"x"})")).code
          == ErrorCode::unavailable);
    CHECK(error_from_anthropic(Json::parse(R"({"type":"weird"})")).code
          == ErrorCode::upstream_failed);
    CHECK(error_from_openai(Json::parse(R"({"type":"requests","code":"rate_limit_exceeded"})")).code
          == ErrorCode::rate_limited);
    CHECK(error_from_openai(Json::parse(R"({"type":"server_error","code":null})")).code
          == ErrorCode::upstream_failed);
  }
}

} // namespace tokenrouter::stream
