#pragma once
// Errors as values at module boundaries: Result<T> is tl::expected<T, Error>.

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace tokenrouter {

// One error vocabulary for the whole product. Mapped once to an HTTP status
// (daemon/http/status.cpp, core/stream/errors.cpp) and once to an exit code (cli/exit_code.cpp).
enum class ErrorCode {
  invalid_request,  // 400: the client sent something we cannot serve
  unauthorized,     // 401
  forbidden,        // 403
  not_found,        // 404 (unknown model, unknown id)
  payload_too_large, // 413
  rate_limited,     // 429 with retry-after
  budget_exceeded,  // 429 insufficient_quota
  no_route,         // 404 model has no route
  upstream_failed,  // 502 (or the upstream's own 4xx, passed through)
  upstream_timeout, // 504
  unavailable,      // 503 (writer queue full, shutting down)
  storage,          // 500
  config,           // startup: bad configuration
  internal,         // 500: a bug
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  // Optional details for errors that carry them (retry-after seconds, the upstream status).
  int http_status = 0;       // 0: derive from code
  int retry_after_s = -1;    // -1: none
};

template <class T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message)
{
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

inline tl::unexpected<Error> fail(Error error)
{
  return tl::unexpected<Error>(std::move(error));
}

// Thrown only for giving up at startup (bad config, unopenable database, port in use);
// caught once in run_daemon / run_cli and printed as one line.
struct Fatal : std::exception {
  explicit Fatal(std::string message) : m_message(std::move(message)) {}
  const char* what() const noexcept override { return m_message.c_str(); }

private:
  std::string m_message;
};

} // namespace tokenrouter

#define TKR_CONCAT_IMPL(a, b) a##b
#define TKR_CONCAT(a, b) TKR_CONCAT_IMPL(a, b)

// TKR_TRY(expr): return the error of a Result/Status expression, else continue.
#define TKR_TRY(...)                                                                               \
  do {                                                                                             \
    auto&& tkr_try_result_ = (__VA_ARGS__);                                                        \
    if (!tkr_try_result_) {                                                                        \
      return tl::unexpected<::tokenrouter::Error>(std::move(tkr_try_result_).error());             \
    }                                                                                              \
  } while (false)

// TKR_TRY_ASSIGN(decl, expr): `decl = *expr` or return its error.
#define TKR_TRY_ASSIGN(decl, ...)                                                                  \
  auto&& TKR_CONCAT(tkr_try_tmp_, __LINE__) = (__VA_ARGS__);                                      \
  if (!TKR_CONCAT(tkr_try_tmp_, __LINE__)) {                                                       \
    return tl::unexpected<::tokenrouter::Error>(                                                   \
        std::move(TKR_CONCAT(tkr_try_tmp_, __LINE__)).error());                                    \
  }                                                                                                \
  decl = std::move(*TKR_CONCAT(tkr_try_tmp_, __LINE__))
