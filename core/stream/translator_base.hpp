#pragma once
// The machinery every stream translator shares: SSE parsing, the held-back tail, the
// failure states. A concrete translator only handles events and knows what it left open.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/stream/sse_parser.hpp"
#include "core/stream/translator.hpp"

namespace tokenrouter::stream {

// One SSE event: an optional `event:` line, one `data:` line per line of `data`, a blank line.
std::string render_sse(std::string_view event, std::string_view data);

class TranslatorBase : public StreamTranslator {
public:
  explicit TranslatorBase(TranslateOptions options);

  [[nodiscard]] std::string feed(std::string_view upstream_bytes) final;
  [[nodiscard]] bool complete() const final { return m_complete; }
  [[nodiscard]] std::string take_tail() final;
  [[nodiscard]] std::string fail(const Error& error) final;
  [[nodiscard]] model::Usage usage() const final { return m_usage; }
  [[nodiscard]] bool upstream_error() const final { return m_upstream_error; }
  [[nodiscard]] std::optional<Error> malformed() const final { return m_malformed; }

protected:
  // Handles one upstream event; an error marks the stream malformed and stops it.
  virtual Status on_event(const SseEvent& event) = 0;
  // Bytes that close what is open in the client's stream (content blocks) before an error.
  virtual std::string close_open() { return {}; }
  // The client's stream ending for `error` (fail()): what is open closed, then an error event.
  virtual std::string render_failure(const Error& error);

  // Bytes for the client: now, or into the tail once hold_tail() was called.
  void emit(std::string_view bytes);
  void hold_tail() { m_holding = true; }
  // The upstream's terminal event was seen: later events are ignored.
  void finish();
  // The upstream sent an error event, rendered for the client as `client_bytes`; the stream
  // is complete there (nothing held back is sent; take_tail() and fail() add nothing).
  void end_with_upstream_error(std::string_view client_bytes);

  const TranslateOptions& options() const { return m_options; }
  const model::Usage& current_usage() const { return m_usage; }
  void set_usage(const model::Usage& usage) { m_usage = usage; }

private:
  TranslateOptions m_options;
  SseParser m_parser;
  std::string m_out;
  std::string m_tail;
  model::Usage m_usage;
  std::optional<Error> m_malformed;
  bool m_holding = false;
  bool m_complete = false;
  bool m_stopped = false; // feed() ignores further bytes
  bool m_ended = false;   // the client's stream is terminated: fail()/take_tail() add nothing
  bool m_upstream_error = false;
};

// The concrete translators (make_stream_translator picks one).
std::unique_ptr<StreamTranslator> make_openai_passthrough(const TranslateOptions& options);
std::unique_ptr<StreamTranslator> make_anthropic_passthrough(const TranslateOptions& options);
std::unique_ptr<StreamTranslator> make_anthropic_to_openai(const TranslateOptions& options);
std::unique_ptr<StreamTranslator> make_openai_to_anthropic(const TranslateOptions& options);
std::unique_ptr<StreamTranslator> make_responses_passthrough(const TranslateOptions& options);
std::unique_ptr<StreamTranslator> make_chat_to_responses(const TranslateOptions& options);
std::unique_ptr<StreamTranslator> make_anthropic_to_responses(const TranslateOptions& options);

} // namespace tokenrouter::stream
