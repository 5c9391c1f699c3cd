// OpenAI chat.completion.chunk events → Anthropic Messages events (protocols.md §7): the first
// chunk opens message_start; reasoning_content, content and each tool call (by its index) open a
// content block in turn, closing the previous one; finish_reason closes the open block; the
// usage chunk (or [DONE]) ends with message_delta + message_stop, the held-back tail.

#include <map>

#include "core/stream/errors.hpp"
#include "core/stream/translator_base.hpp"
#include "core/stream/usage_codec.hpp"
#include "core/stream/vocabulary.hpp"

namespace tokenrouter::stream {

namespace {

enum class Block { none, text, thinking, tool };

class OpenAiToAnthropic final : public TranslatorBase {
public:
  using TranslatorBase::TranslatorBase;

private:
  Status on_event(const SseEvent& event) override
  {
    if (event.data == "[DONE]") {
      end_message();
      return {};
    }
    TKR_TRY_ASSIGN(const Json chunk, parse_object(event.data, "a chat.completion.chunk"));
    if (event.event == "error" || chunk.contains("error")) {
      const Error error = error_from_openai(member(chunk, "error"));
      end_with_upstream_error(close_open()
                              + render_error_event(model::Dialect::anthropic_messages, error));
      return {};
    }
    const Json& usage = member(chunk, "usage");
    if (usage.is_object()) {
      set_usage(parse_openai_usage(usage));
    }
    start(chunk);
    const Json& choices = member(chunk, "choices");
    if (choices.is_array() && !choices.empty()) {
      on_choice(choices.front());
    }
    if (usage.is_object() && !m_stop_reason.empty()) {
      end_message(); // the usage chunk after finish_reason: nothing more is needed
    }
    return {};
  }

  void start(const Json& chunk)
  {
    if (m_started) {
      return;
    }
    m_started = true;
    m_id = anthropic_id_from(string_member(chunk, "id"));
    model::Usage usage = current_usage();
    if (usage.prompt_total() == 0) {
      usage.input_tokens = std::max<int64_t>(options().estimated_input_tokens, 1);
    }
    OrderedJson message{{"id", m_id},
                        {"type", "message"},
                        {"role", "assistant"},
                        {"model", options().client_model},
                        {"content", OrderedJson::array()},
                        {"stop_reason", nullptr},
                        {"stop_sequence", nullptr},
                        {"usage", render_anthropic_usage(usage)}};
    send("message_start", OrderedJson{{"type", "message_start"}, {"message", std::move(message)}});
  }

  void on_choice(const Json& choice)
  {
    const Json& delta = member(choice, "delta");
    append_text(Block::thinking, string_member(delta, "reasoning_content")); // DeepSeek
    append_text(Block::thinking, string_member(delta, "reasoning"));         // OpenRouter, vLLM
    append_text(Block::text, string_member(delta, "content"));
    append_text(Block::text, string_member(delta, "refusal"));
    const Json& tool_calls = member(delta, "tool_calls");
    if (tool_calls.is_array()) {
      for (const Json& call : tool_calls) {
        tool_delta(call);
      }
    }
    const std::string finish_reason = string_member(choice, "finish_reason");
    if (!finish_reason.empty()) {
      m_stop_reason = anthropic_stop_reason(finish_reason);
      emit(close_open());
    }
  }

  void append_text(Block kind, const std::string& text)
  {
    if (text.empty()) {
      return;
    }
    if (m_open != kind) {
      open(kind, kind == Block::text
                     ? OrderedJson{{"type", "text"}, {"text", ""}}
                     : OrderedJson{{"type", "thinking"}, {"thinking", ""}, {"signature", ""}});
    }
    const bool text_block = kind == Block::text;
    delta(m_index,
          OrderedJson{{"type", text_block ? "text_delta" : "thinking_delta"},
                      {text_block ? "text" : "thinking", text}});
  }

  void tool_delta(const Json& call)
  {
    const int64_t call_index = int_member(call, "index");
    const Json& function = member(call, "function");
    auto block = m_tool_blocks.find(call_index);
    if (block == m_tool_blocks.end()) {
      const std::string id = tool_use_id_from(string_member(call, "id"), m_id, call_index);
      open(Block::tool,
           OrderedJson{{"type", "tool_use"},
                       {"id", id},
                       {"name", string_member(function, "name")},
                       {"input", OrderedJson::object()}});
      block = m_tool_blocks.emplace(call_index, m_index).first;
    }
    const std::string fragment = string_member(function, "arguments");
    if (!fragment.empty()) {
      // A late fragment for an already closed call still goes to its own block index.
      delta(block->second, OrderedJson{{"type", "input_json_delta"}, {"partial_json", fragment}});
    }
  }

  void open(Block kind, OrderedJson content_block)
  {
    emit(close_open());
    m_index = m_next_index++;
    m_open = kind;
    send("content_block_start",
         OrderedJson{{"type", "content_block_start"},
                     {"index", m_index},
                     {"content_block", std::move(content_block)}});
  }

  void delta(int64_t index, OrderedJson body)
  {
    send("content_block_delta",
         OrderedJson{
             {"type", "content_block_delta"}, {"index", index}, {"delta", std::move(body)}});
  }

  std::string close_open() override
  {
    if (m_open == Block::none) {
      return {};
    }
    m_open = Block::none;
    return render_sse("content_block_stop",
                      dump(OrderedJson{{"type", "content_block_stop"}, {"index", m_index}}));
  }

  void end_message()
  {
    start(Json::object());
    emit(close_open());
    hold_tail();
    OrderedJson delta{{"stop_reason", m_stop_reason.empty() ? "end_turn" : m_stop_reason},
                      {"stop_sequence", nullptr}};
    send("message_delta",
         OrderedJson{{"type", "message_delta"},
                     {"delta", std::move(delta)},
                     {"usage", render_anthropic_usage(current_usage())}});
    send("message_stop", OrderedJson{{"type", "message_stop"}});
    finish();
  }

  void send(std::string_view type, const OrderedJson& data) { emit(render_sse(type, dump(data))); }

  std::string m_id;
  std::string m_stop_reason;             // in Anthropic's vocabulary, once finish_reason came
  std::map<int64_t, int64_t> m_tool_blocks; // OpenAI tool call index → Anthropic block index
  Block m_open = Block::none;
  int64_t m_index = -1;      // the open (or last) block's index
  int64_t m_next_index = 0;
  bool m_started = false;
};

} // namespace

std::unique_ptr<StreamTranslator> make_openai_to_anthropic(const TranslateOptions& options)
{
  return std::make_unique<OpenAiToAnthropic>(options);
}

} // namespace tokenrouter::stream
