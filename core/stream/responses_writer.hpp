#pragma once
// Builds a Responses API answer from unified steps (text, reasoning, tool calls, the end), as a
// Responses event stream (`response.created` … `response.completed`, sequence_number counting
// from 0) and/or the final `response` object. The translators from Chat Completions and
// Anthropic drive it; the non-streaming body translations use the same steps without events.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/usage.hpp"
#include "core/stream/json_util.hpp"
#include "core/stream/translator.hpp"

namespace tokenrouter::stream {

class ResponsesWriter {
public:
  // `events`: produce SSE bytes (take()); false for a non-streaming body.
  ResponsesWriter(const TranslateOptions& options, bool events);

  // response.created + response.in_progress, once (every other step calls it first).
  void start();
  void text(std::string_view delta);
  void reasoning(std::string_view delta);
  // A tool call identified by `key` (the upstream's call/block index) starts; closes what is open.
  void tool_start(int64_t key, std::string_view call_id, std::string_view name);
  void tool_arguments(int64_t key, std::string_view fragment);
  // Closes the open output item (its *.done events and response.output_item.done).
  void close_item();
  // Closes what is open and emits the terminal event: response.completed, or response.incomplete
  // with `incomplete_reason` (max_output_tokens, content_filter) when it is not empty.
  void finish(std::string_view incomplete_reason, const model::Usage& usage);
  // Closes what is open and emits response.failed carrying `error`.
  void fail(const Error& error);

  // SSE bytes produced since the last take().
  std::string take();
  // The response object as it stands (after finish(): the final one).
  OrderedJson response() const;

private:
  enum class Open { none, text, reasoning, tool };
  struct Call {
    int64_t key = 0;
    size_t output_index = 0;
    bool custom = false;
    std::string arguments;
  };

  void send(std::string_view type, OrderedJson data);
  void open_text_like(Open kind);
  void close_text_like();
  void close_tool();
  OrderedJson tool_item(const Call& call, bool done) const;
  std::string item_id(std::string_view prefix) const;
  bool is_custom(std::string_view name) const;

  TranslateOptions m_options;
  bool m_events = false;
  bool m_started = false;
  std::string m_out;
  int64_t m_sequence = 0;
  std::vector<OrderedJson> m_output; // items, in output_index order (open ones in progress)
  std::vector<Call> m_calls;
  Open m_open = Open::none;
  std::string m_text;                // the open message's or reasoning item's text so far
  std::string m_status = "in_progress";
  OrderedJson m_usage;               // null until finish()
  OrderedJson m_error;
  OrderedJson m_incomplete;
};

// The Responses `usage` object: input_tokens includes cached_tokens (and cache writes).
OrderedJson render_responses_usage(const model::Usage& usage);

} // namespace tokenrouter::stream
