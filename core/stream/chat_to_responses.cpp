// OpenAI chat.completion.chunk events → a Responses event stream (via ResponsesWriter):
// reasoning_content/reasoning → a reasoning item, content/refusal → a message item, each tool
// call index → a function_call (or custom_tool_call) item; finish_reason is remembered, and the
// usage chunk (or [DONE]) ends with response.completed / response.incomplete, the held-back tail.

#include "core/stream/errors.hpp"
#include "core/stream/responses_writer.hpp"
#include "core/stream/translator_base.hpp"
#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

namespace {

// finish_reason → incomplete_details.reason ("" = completed).
std::string_view incomplete_reason(std::string_view finish_reason)
{
  if (finish_reason == "length") {
    return "max_output_tokens";
  }
  if (finish_reason == "content_filter") {
    return "content_filter";
  }
  return {};
}

class ChatToResponses final : public TranslatorBase {
public:
  explicit ChatToResponses(const TranslateOptions& options)
      : TranslatorBase(options)
      , m_writer(options, true)
  {
  }

private:
  Status on_event(const SseEvent& event) override
  {
    if (event.data == "[DONE]") {
      end();
      return {};
    }
    TKR_TRY_ASSIGN(const Json chunk, parse_object(event.data, "a chat.completion.chunk"));
    if (event.event == "error" || chunk.contains("error")) {
      m_writer.fail(error_from_openai(member(chunk, "error")));
      end_with_upstream_error(m_writer.take());
      return {};
    }
    const Json& usage = member(chunk, "usage");
    if (usage.is_object()) {
      set_usage(parse_openai_usage(usage));
    }
    m_writer.start();
    const Json& choices = member(chunk, "choices");
    if (choices.is_array() && !choices.empty()) {
      on_choice(choices.front());
    }
    emit(m_writer.take());
    if (usage.is_object() && m_finished) {
      end(); // the usage chunk after finish_reason: nothing more is needed
    }
    return {};
  }

  void on_choice(const Json& choice)
  {
    const Json& delta = member(choice, "delta");
    m_writer.reasoning(string_member(delta, "reasoning_content")); // DeepSeek
    m_writer.reasoning(string_member(delta, "reasoning"));         // OpenRouter, vLLM
    m_writer.text(string_member(delta, "content"));
    m_writer.text(string_member(delta, "refusal"));
    const Json& tool_calls = member(delta, "tool_calls");
    for (size_t i = 0; tool_calls.is_array() && i < tool_calls.size(); ++i) {
      tool_delta(tool_calls[i]);
    }
    const std::string finish_reason = string_member(choice, "finish_reason");
    if (!finish_reason.empty()) {
      m_finished = true;
      m_incomplete = incomplete_reason(finish_reason);
      m_writer.close_item();
    }
  }

  void tool_delta(const Json& call)
  {
    const int64_t index = int_member(call, "index");
    const Json& function = member(call, "function");
    if (index >= m_next_call) {
      m_next_call = index + 1;
      std::string id = string_member(call, "id");
      if (id.empty()) {
        id = "call_" + options().response_id + "_" + std::to_string(index);
      }
      m_writer.tool_start(index, id, string_member(function, "name"));
    }
    m_writer.tool_arguments(index, string_member(function, "arguments"));
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
  int64_t m_next_call = 0;
  bool m_finished = false;
};

} // namespace

std::unique_ptr<StreamTranslator> make_chat_to_responses(const TranslateOptions& options)
{
  return std::make_unique<ChatToResponses>(options);
}

} // namespace tokenrouter::stream
