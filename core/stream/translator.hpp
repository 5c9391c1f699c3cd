#pragma once
// Upstream responses → the client's wire format: non-streaming bodies, SSE streams, errors.
// Streams are translated event by event as bytes arrive; nothing buffers a whole stream.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/dialect.hpp"
#include "core/model/usage.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::stream {

struct TranslateOptions {
  model::Dialect upstream = model::Dialect::openai_chat; // what the upstream speaks
  model::Dialect client = model::Dialect::openai_chat;   // what the client speaks
  std::string client_model;   // echoed in every response/event instead of the upstream's name
  bool client_include_usage = false; // OpenAI client asked for stream_options.include_usage
  // For Anthropic clients' message_start when the upstream reports usage only at the end.
  int64_t estimated_input_tokens = 0;
  int64_t created_unix = 0; // `created` of OpenAI responses translated from Anthropic; 0: now
  // Responses clients of a translated upstream: the id of the response tokenrouter makes, and
  // the tools declared `custom` whose function calls come back as custom_tool_call items.
  std::string response_id;
  std::vector<std::string> custom_tools;
};

// A non-streaming upstream answer translated for the client.
struct TranslatedBody {
  std::string body;           // JSON text for the client
  model::Usage usage;         // normalised from the upstream's own usage
  std::string finish_reason;  // in the client's vocabulary ("stop", "end_turn", …)
};

// Translates a successful (2xx) non-streaming upstream body. Same-format bodies keep every
// field; only `model` is replaced. A body that is not valid JSON of the expected shape is an
// upstream_failed error.
[[nodiscard]] Result<TranslatedBody> translate_body(const TranslateOptions& options,
                                                    std::string_view upstream_body);

// Translates one SSE stream. feed() takes raw upstream bytes split anywhere and returns bytes to
// write to the client now. The upstream's terminal part (the last event(s) once usage is known:
// OpenAI `data: [DONE]`, Anthropic `message_stop`, Responses `response.completed`) is held back
// so the caller can commit the usage row first (durability "ack"), then write take_tail().
class StreamTranslator {
public:
  virtual ~StreamTranslator() = default;

  // Bytes for the client now (possibly empty).
  [[nodiscard]] virtual std::string feed(std::string_view upstream_bytes) = 0;
  // True once the upstream's terminal event has been seen (an error event counts: see
  // upstream_error()).
  [[nodiscard]] virtual bool complete() const = 0;
  // The held-back terminal bytes; empty unless complete().
  [[nodiscard]] virtual std::string take_tail() = 0;
  // The upstream failed or ended early: a well-formed error ending in the client's dialect
  // (an error event, after closing what is open), to be written last.
  [[nodiscard]] virtual std::string fail(const Error& error) = 0;
  // Usage seen so far (complete after complete()).
  [[nodiscard]] virtual model::Usage usage() const = 0;
  // True when the stream carried an upstream error event. feed() already returned it as the
  // client's error ending; complete() is then true, and take_tail() and fail() add nothing.
  [[nodiscard]] virtual bool upstream_error() const = 0;
  // Set when the upstream's stream is malformed (bad SSE framing, an event that is not JSON of
  // the expected shape): an upstream_failed error. feed() then ignores further bytes and the
  // caller should end the response with fail().
  [[nodiscard]] virtual std::optional<Error> malformed() const = 0;
};

[[nodiscard]] std::unique_ptr<StreamTranslator> make_stream_translator(
    const TranslateOptions& options);

// An HTTP error to send: status and body in a dialect.
struct ErrorResponse {
  int status = 500;
  std::string body;
  int retry_after_s = -1;
};

// The HTTP status an error maps to (error.http_status wins when set).
int http_status(const Error& error);

// Renders `error` in the client's dialect: OpenAI and Responses {"error":{message,type,param,code}},
// Anthropic {"type":"error","error":{type,message}}.
[[nodiscard]] ErrorResponse render_error(model::Dialect client, const Error& error);

// Maps an upstream's non-2xx answer to an Error that keeps its meaning: 401 stays
// unauthorized, 429 keeps retry-after, other 4xx keep their status and message, 5xx → 502.
[[nodiscard]] Error upstream_error(model::Dialect upstream,
                                   int status,
                                   std::string_view body,
                                   int retry_after_s);

} // namespace tokenrouter::stream
