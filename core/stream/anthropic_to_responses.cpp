// Anthropic Messages events → a Responses event stream (via ResponsesWriter): text blocks →
// message items, thinking blocks → reasoning items, tool_use blocks → function_call (or
// custom_tool_call) items; message_delta carries the stop reason and usage, message_stop ends
// with response.completed / response.incomplete, the held-back tail.

#include "core/stream/errors.hpp"
#include "core/stream/responses_writer.hpp"
#include "core/stream/translator_base.hpp"
#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

namespace {

std::string_view incomplete_reason(std::string_view stop_reason)
{
  if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded") {
    return "max_output_tokens";
  }
  if (stop_reason == "refusal") {
    return "content_filter";
  }
  return {};
}

class AnthropicToResponses final : public TranslatorBase {
public:
  explicit AnthropicToResponses(const TranslateOptions& options)
      : TranslatorBase(options)
      , m_writer(options, true)
  {
  }

private:
  Status on_event(const SseEvent& event) override
  {
    TKR_TRY_ASSIGN(const Json data, parse_object(event.data, "an Anthropic event"));
    const std::string type = string_member(data, "type");
    if (type == "error") {
      m_writer.fail(error_from_anthropic(member(data, "error")));
      end_with_upstream_error(m_writer.take());
      return {};
    }
    if (type == "message_start") {
      set_usage(parse_anthropic_usage(member(member(data, "message"), "usage")));
      m_writer.start();
    } else if (type == "content_block_start") {
      block_start(int_member(data, "index"), member(data, "content_block"));
    } else if (type == "content_block_delta") {
      block_delta(int_member(data, "index"), member(data, "delta"));
    } else if (type == "content_block_stop") {
      m_writer.close_item();
    } else if (type == "message_delta") {
      set_usage(merge_anthropic_usage(current_usage(), member(data, "usage")));
      m_incomplete = incomplete_reason(string_member(member(data, "delta"), "stop_reason"));
    } else if (type == "message_stop") {
      end();
      return {};
    }
    emit(m_writer.take());
    return {};
  }

  void block_start(int64_t index, const Json& block)
  {
    const std::string type = string_member(block, "type");
    if (type == "tool_use") {
      m_writer.tool_start(index, string_member(block, "id"), string_member(block, "name"));
    } else if (type == "text") {
      m_writer.text(string_member(block, "text"));
    } else if (type == "thinking") {
      m_writer.reasoning(string_member(block, "thinking"));
    } else {
      m_writer.start();
    }
  }

  void block_delta(int64_t index, const Json& delta)
  {
    const std::string type = string_member(delta, "type");
    if (type == "text_delta") {
      m_writer.text(string_member(delta, "text"));
    } else if (type == "thinking_delta") {
      m_writer.reasoning(string_member(delta, "thinking"));
    } else if (type == "input_json_delta") {
      m_writer.tool_arguments(index, string_member(delta, "partial_json"));
    }
  }

  void end()
  {
    m_writer.close_item();
    emit(m_writer.take());
    hold_tail();
    m_writer.finish(m_incomplete, current_usage());
    emit(m_writer.take());
    finish();
  }

  std::string render_failure(const Error& error) override
  {
    m_writer.fail(error);
    return m_writer.take();
  }

  ResponsesWriter m_writer;
  std::string m_incomplete;
};

} // namespace

std::unique_ptr<StreamTranslator> make_anthropic_to_responses(const TranslateOptions& options)
{
  return std::make_unique<AnthropicToResponses>(options);
}

} // namespace tokenrouter::stream
