#include "core/util/result.hpp"

namespace tokenrouter {

std::string_view to_string(ErrorCode code)
{
  switch (code) {
  case ErrorCode::invalid_request: return "invalid_request";
  case ErrorCode::unauthorized: return "unauthorized";
  case ErrorCode::forbidden: return "forbidden";
  case ErrorCode::not_found: return "not_found";
  case ErrorCode::payload_too_large: return "payload_too_large";
  case ErrorCode::rate_limited: return "rate_limited";
  case ErrorCode::budget_exceeded: return "budget_exceeded";
  case ErrorCode::no_route: return "no_route";
  case ErrorCode::upstream_failed: return "upstream_failed";
  case ErrorCode::upstream_timeout: return "upstream_timeout";
  case ErrorCode::unavailable: return "unavailable";
  case ErrorCode::storage: return "storage";
  case ErrorCode::config: return "config";
  case ErrorCode::internal: return "internal";
  }
  return "internal";
}

} // namespace tokenrouter
