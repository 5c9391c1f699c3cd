// Every ErrorCode maps once to an HTTP status and once to each dialect's error type; upstream
// error types map back to ErrorCodes through small tables.

#include "core/stream/errors.hpp"

#include <array>
#include <optional>
#include <utility>

#include "core/stream/translator.hpp"

namespace tokenrouter::stream {

namespace {

struct CodeInfo {
  ErrorCode code;
  int status;
  std::string_view openai_type;
  std::string_view anthropic_type;
};

constexpr std::array k_codes{
    CodeInfo{ErrorCode::invalid_request, 400, "invalid_request_error", "invalid_request_error"},
    CodeInfo{ErrorCode::unauthorized, 401, "authentication_error", "authentication_error"},
    CodeInfo{ErrorCode::forbidden, 403, "permission_error", "permission_error"},
    CodeInfo{ErrorCode::not_found, 404, "not_found_error", "not_found_error"},
    CodeInfo{ErrorCode::payload_too_large, 413, "invalid_request_error", "request_too_large"},
    CodeInfo{ErrorCode::rate_limited, 429, "rate_limit_exceeded", "rate_limit_error"},
    CodeInfo{ErrorCode::budget_exceeded, 429, "insufficient_quota", "rate_limit_error"},
    CodeInfo{ErrorCode::no_route, 404, "not_found_error", "not_found_error"},
    CodeInfo{ErrorCode::upstream_failed, 502, "server_error", "api_error"},
    CodeInfo{ErrorCode::upstream_timeout, 504, "server_error", "timeout_error"},
    CodeInfo{ErrorCode::unavailable, 503, "server_error", "overloaded_error"},
    CodeInfo{ErrorCode::storage, 500, "server_error", "api_error"},
    CodeInfo{ErrorCode::config, 500, "server_error", "api_error"},
    CodeInfo{ErrorCode::internal, 500, "server_error", "api_error"},
};

const CodeInfo& info(ErrorCode code)
{
  for (const CodeInfo& entry : k_codes) {
    if (entry.code == code) {
      return entry;
    }
  }
  return k_codes.back();
}

// Provider error types (both dialects) → ErrorCode.
constexpr std::array<std::pair<std::string_view, ErrorCode>, 16> k_upstream_types{{
    {"invalid_request_error", ErrorCode::invalid_request},
    {"authentication_error", ErrorCode::unauthorized},
    {"permission_error", ErrorCode::forbidden},
    {"not_found_error", ErrorCode::not_found},
    {"request_too_large", ErrorCode::payload_too_large},
    {"rate_limit_error", ErrorCode::rate_limited},
    {"rate_limit_exceeded", ErrorCode::rate_limited},
    {"insufficient_quota", ErrorCode::budget_exceeded},
    {"billing_error", ErrorCode::budget_exceeded},
    {"api_error", ErrorCode::upstream_failed},
    {"server_error", ErrorCode::upstream_failed},
    {"overloaded_error", ErrorCode::unavailable},
    {"timeout_error", ErrorCode::upstream_timeout},
    {"model_not_found", ErrorCode::not_found},
    {"context_length_exceeded", ErrorCode::invalid_request},
    {"invalid_api_key", ErrorCode::unauthorized},
}};

std::optional<ErrorCode> code_for_type(std::string_view type)
{
  for (const auto& [name, code] : k_upstream_types) {
    if (name == type) {
      return code;
    }
  }
  return std::nullopt;
}

Error error_with(ErrorCode code, std::string message)
{
  if (message.empty()) {
    message = "upstream error";
  }
  return Error{code, std::move(message)};
}

constexpr std::array<std::string_view, 5> k_quota_codes{
    "insufficient_quota",
    "credit_balance_exhausted",
    "organization_spend_limit_exceeded",
    "project_spend_limit_exceeded",
    "organization_usage_limit_exceeded",
};

bool is_quota_error(const Json& error_object)
{
  for (const std::string_view quota : k_quota_codes) {
    if (string_member(error_object, "type") == quota
        || string_member(error_object, "code") == quota) {
      return true;
    }
  }
  return false;
}

// The upstream's own message, or a short excerpt of a body that is not a provider error.
std::string upstream_message(const Json& error_object, std::string_view body, int status)
{
  std::string message = string_member(error_object, "message");
  if (!message.empty()) {
    return message;
  }
  constexpr size_t k_excerpt = 200;
  message = "upstream returned HTTP " + std::to_string(status);
  if (!body.empty()) {
    message += ": " + std::string(body.substr(0, k_excerpt));
  }
  return message;
}

ErrorCode code_for_status(int status, const Json& error_object)
{
  switch (status) {
  case 401: return ErrorCode::unauthorized;
  case 403: return ErrorCode::forbidden;
  case 404: return ErrorCode::not_found;
  case 413: return ErrorCode::payload_too_large;
  case 429:
    return is_quota_error(error_object) ? ErrorCode::budget_exceeded : ErrorCode::rate_limited;
  case 529: return ErrorCode::unavailable;
  default: break;
  }
  if (status >= 400 && status < 500) {
    return ErrorCode::invalid_request;
  }
  return ErrorCode::upstream_failed;
}

} // namespace

// Both dialects nest the error object under "error", so the dialect is not needed to read it.
Error upstream_error(model::Dialect /*upstream*/,
                     int status,
                     std::string_view body,
                     int retry_after_s)
{
  const Json parsed = Json::parse(body, nullptr, false);
  const Json& error_object = member(parsed, "error");
  Error error;
  error.code = code_for_status(status, error_object);
  error.message = upstream_message(error_object, body, status);
  error.retry_after_s = retry_after_s;
  if (error.code == ErrorCode::invalid_request || error.code == ErrorCode::not_found
      || error.code == ErrorCode::payload_too_large) {
    error.http_status = status; // keep 400, 404, 409, 413, 422 … as the upstream said
  }
  return error;
}

int http_status(const Error& error)
{
  return error.http_status > 0 ? error.http_status : info(error.code).status;
}

OrderedJson error_body(model::Dialect client, const Error& error)
{
  OrderedJson inner;
  if (client == model::Dialect::anthropic_messages) {
    inner["type"] = info(error.code).anthropic_type;
    inner["message"] = error.message;
    return OrderedJson{{"type", "error"}, {"error", std::move(inner)}};
  }
  inner["message"] = error.message;
  inner["type"] = info(error.code).openai_type;
  inner["param"] = nullptr;
  inner["code"] = to_string(error.code);
  return OrderedJson{{"error", std::move(inner)}};
}

ErrorResponse render_error(model::Dialect client, const Error& error)
{
  return ErrorResponse{http_status(error), dump(error_body(client, error)), error.retry_after_s};
}

std::string render_error_event(model::Dialect client, const Error& error)
{
  const std::string body = dump(error_body(client, error));
  if (client == model::Dialect::anthropic_messages) {
    return "event: error\ndata: " + body + "\n\n";
  }
  if (client == model::Dialect::openai_responses) {
    // The Responses API's own error event: {type, code, message, param} at the top level.
    const OrderedJson event{{"type", "error"},
                            {"code", to_string(error.code)},
                            {"message", error.message},
                            {"param", nullptr}};
    return "event: error\ndata: " + dump(event) + "\n\n";
  }
  return "data: " + body + "\n\ndata: [DONE]\n\n";
}

Error error_from_anthropic(const Json& error_object)
{
  const ErrorCode code =
      code_for_type(string_member(error_object, "type")).value_or(ErrorCode::upstream_failed);
  return error_with(code, string_member(error_object, "message"));
}

Error error_from_openai(const Json& error_object)
{
  std::optional<ErrorCode> code = code_for_type(string_member(error_object, "code"));
  if (!code || *code == ErrorCode::upstream_failed) {
    code = code_for_type(string_member(error_object, "type"));
  }
  return error_with(code.value_or(ErrorCode::upstream_failed),
                    string_member(error_object, "message"));
}

} // namespace tokenrouter::stream
