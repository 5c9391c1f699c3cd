// Same-dialect streams: events are forwarded as they came, except that `model` is swapped for
// the client's name by a targeted replacement (no re-serialisation). Each event is still parsed
// to validate it, read usage and spot the terminal and error events.

#include <set>

#include "core/stream/translator_base.hpp"
#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

namespace {

constexpr std::string_view k_done = "data: [DONE]\n\n";

class OpenAiPassthrough final : public TranslatorBase {
public:
  using TranslatorBase::TranslatorBase;

private:
  Status on_event(const SseEvent& event) override
  {
    if (event.data == "[DONE]") {
      hold_tail();
      emit(k_done);
      finish();
      return {};
    }
    TKR_TRY_ASSIGN(const Json chunk, parse_object(event.data, "a chat.completion.chunk"));
    if (event.event == "error" || chunk.contains("error")) {
      end_with_upstream_error(render_sse(event.event, event.data) + std::string(k_done));
      return {};
    }
    const Json& usage = member(chunk, "usage");
    if (usage.is_object()) {
      set_usage(parse_openai_usage(usage));
      const Json& choices = member(chunk, "choices");
      if (choices.empty() || !choices.is_array()) { // the include_usage chunk
        if (!options().client_include_usage) {
          return {};
        }
        hold_tail();
      }
    }
    emit(render_sse(event.event,
                    replace_string_member(event.data, {"model"}, options().client_model)));
    return {};
  }
};

class AnthropicPassthrough final : public TranslatorBase {
public:
  using TranslatorBase::TranslatorBase;

private:
  Status on_event(const SseEvent& event) override
  {
    TKR_TRY_ASSIGN(const Json data, parse_object(event.data, "an Anthropic event"));
    std::string type = string_member(data, "type");
    if (type.empty()) {
      type = event.event;
    }
    if (type == "error") {
      end_with_upstream_error(render_sse(event.event, event.data));
      return {};
    }
    if (type == "message_start") {
      const Json& message = member(data, "message");
      set_usage(parse_anthropic_usage(member(message, "usage")));
      emit(render_sse(event.event,
                      replace_string_member(
                          event.data, {"message", "model"}, options().client_model)));
      return {};
    }
    track(type, data);
    emit(render_sse(event.event, event.data));
    if (type == "message_stop") {
      finish();
    }
    return {};
  }

  void track(std::string_view type, const Json& data)
  {
    if (type == "content_block_start") {
      m_open.insert(int_member(data, "index"));
    } else if (type == "content_block_stop") {
      m_open.erase(int_member(data, "index"));
    } else if (type == "message_delta") {
      set_usage(merge_anthropic_usage(current_usage(), member(data, "usage")));
      hold_tail(); // message_delta carries the final usage: it and what follows are the tail
    } else if (type == "message_stop") {
      hold_tail();
    }
  }

  std::string close_open() override
  {
    std::string out;
    for (const int64_t index : m_open) {
      const std::string stop =
          R"({"type":"content_block_stop","index":)" + std::to_string(index) + "}";
      out += render_sse("content_block_stop", stop);
    }
    m_open.clear();
    return out;
  }

  std::set<int64_t> m_open; // content blocks started and not yet stopped
};

} // namespace

std::unique_ptr<StreamTranslator> make_openai_passthrough(const TranslateOptions& options)
{
  return std::make_unique<OpenAiPassthrough>(options);
}

std::unique_ptr<StreamTranslator> make_anthropic_passthrough(const TranslateOptions& options)
{
  return std::make_unique<AnthropicPassthrough>(options);
}

} // namespace tokenrouter::stream
