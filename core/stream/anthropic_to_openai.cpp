// Anthropic Messages events → OpenAI chat.completion.chunk events (protocols.md §7):
// message_start → role chunk, text/thinking deltas → content/reasoning_content, each tool_use
// block → one tool call numbered from 0, message_delta → finish_reason, message_stop → the
// optional usage chunk and [DONE] (the held-back tail). ping and unknown events are dropped.

#include <map>

#include "core/stream/errors.hpp"
#include "core/stream/translator_base.hpp"
#include "core/stream/usage_codec.hpp"
#include "core/stream/vocabulary.hpp"

namespace tokenrouter::stream {

namespace {

class AnthropicToOpenAi final : public TranslatorBase {
public:
  using TranslatorBase::TranslatorBase;

private:
  Status on_event(const SseEvent& event) override
  {
    TKR_TRY_ASSIGN(const Json data, parse_object(event.data, "an Anthropic event"));
    const std::string type = string_member(data, "type");
    if (type == "error") {
      const Error error = error_from_anthropic(member(data, "error"));
      end_with_upstream_error(render_error_event(model::Dialect::openai_chat, error));
    } else if (type == "message_start") {
      start(member(data, "message"));
    } else if (type == "content_block_start") {
      block_start(int_member(data, "index"), member(data, "content_block"));
    } else if (type == "content_block_delta") {
      block_delta(int_member(data, "index"), member(data, "delta"));
    } else if (type == "message_delta") {
      message_delta(data);
    } else if (type == "message_stop") {
      message_stop();
    }
    return {};
  }

  void start(const Json& message)
  {
    if (m_started) {
      return;
    }
    m_started = true;
    set_usage(parse_anthropic_usage(member(message, "usage")));
    const int64_t created = created_time(options().created_unix);
    m_prefix = R"({"id":)" + dump(Json(openai_id_from(string_member(message, "id"))))
               + R"(,"object":"chat.completion.chunk","created":)" + std::to_string(created)
               + R"(,"model":)" + dump(Json(options().client_model));
    emit_delta(OrderedJson{{"role", "assistant"}, {"content", ""}});
  }

  void block_start(int64_t index, const Json& block)
  {
    start(Json::object());
    const std::string type = string_member(block, "type");
    if (type == "tool_use") {
      const int64_t call = m_next_call++;
      m_calls[index] = call;
      OrderedJson tool_call{{"index", call},
                            {"id", string_member(block, "id")},
                            {"type", "function"},
                            {"function",
                             {{"name", string_member(block, "name")}, {"arguments", ""}}}};
      emit_delta(OrderedJson{{"tool_calls", OrderedJson::array({std::move(tool_call)})}});
    } else if (type == "text") {
      emit_text("content", string_member(block, "text"));
    } else if (type == "thinking") {
      emit_text("reasoning_content", string_member(block, "thinking"));
    }
  }

  void block_delta(int64_t index, const Json& delta)
  {
    start(Json::object());
    const std::string type = string_member(delta, "type");
    if (type == "text_delta") {
      emit_text("content", string_member(delta, "text"));
    } else if (type == "thinking_delta") {
      emit_text("reasoning_content", string_member(delta, "thinking"));
    } else if (type == "input_json_delta") {
      const std::string fragment = string_member(delta, "partial_json");
      const auto call = m_calls.find(index);
      if (fragment.empty() || call == m_calls.end()) {
        return;
      }
      OrderedJson tool_call{{"index", call->second}, {"function", {{"arguments", fragment}}}};
      emit_delta(OrderedJson{{"tool_calls", OrderedJson::array({std::move(tool_call)})}});
    }
  }

  void message_delta(const Json& data)
  {
    start(Json::object());
    set_usage(merge_anthropic_usage(current_usage(), member(data, "usage")));
    const std::string stop_reason = string_member(member(data, "delta"), "stop_reason");
    if (!stop_reason.empty() && !m_finished) {
      m_finished = true;
      emit_delta(OrderedJson::object(), openai_finish_reason(stop_reason));
    }
  }

  void message_stop()
  {
    start(Json::object());
    if (!m_finished) {
      m_finished = true;
      emit_delta(OrderedJson::object(), "stop");
    }
    hold_tail();
    if (options().client_include_usage) {
      emit("data: " + m_prefix + R"(,"choices":[],"usage":)"
           + dump(render_openai_usage(current_usage())) + "}\n\n");
    }
    emit("data: [DONE]\n\n");
    finish();
  }

  void emit_text(std::string_view field, const std::string& text)
  {
    if (!text.empty()) {
      emit_delta(OrderedJson{{field, text}});
    }
  }

  void emit_delta(const OrderedJson& delta, std::string_view finish_reason = {})
  {
    const std::string finish = finish_reason.empty() ? "null" : dump(Json(finish_reason));
    emit("data: " + m_prefix + R"(,"choices":[{"index":0,"delta":)" + dump(delta)
         + R"(,"logprobs":null,"finish_reason":)" + finish + "}]}\n\n");
  }

  std::string m_prefix; // the chunk's JSON up to and including "model"
  std::map<int64_t, int64_t> m_calls; // Anthropic block index → OpenAI tool call index
  int64_t m_next_call = 0;
  bool m_started = false;
  bool m_finished = false;
};

} // namespace

std::unique_ptr<StreamTranslator> make_anthropic_to_openai(const TranslateOptions& options)
{
  return std::make_unique<AnthropicToOpenAi>(options);
}

} // namespace tokenrouter::stream
