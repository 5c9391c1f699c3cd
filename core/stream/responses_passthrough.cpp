// Responses streams from a Responses upstream: every event forwarded as it came, except that
// `response.model` (in response.created / in_progress / completed / incomplete / failed) is
// swapped for the client's name without re-serialising. response.completed (or incomplete)
// carries the usage and is the held-back tail; response.failed and `error` end the stream as
// upstream errors.

#include "core/stream/translator_base.hpp"
#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

namespace {

class ResponsesPassthrough final : public TranslatorBase {
public:
  using TranslatorBase::TranslatorBase;

private:
  Status on_event(const SseEvent& event) override
  {
    if (event.data == "[DONE]") {
      return {}; // not part of the Responses API; the terminal event already ended the stream
    }
    TKR_TRY_ASSIGN(const Json data, parse_object(event.data, "a Responses event"));
    std::string type = string_member(data, "type");
    if (type.empty()) {
      type = event.event;
    }
    m_sequence = std::max(m_sequence, int_member(data, "sequence_number") + 1);
    const bool has_response = member(data, "response").is_object();
    const std::string bytes =
        render_sse(event.event,
                   has_response ? replace_string_member(
                                      event.data, {"response", "model"}, options().client_model)
                                : event.data);
    if (type == "error" || type == "response.failed") {
      end_with_upstream_error(bytes);
      return {};
    }
    if (type == "response.completed" || type == "response.incomplete") {
      set_usage(parse_responses_usage(member(member(data, "response"), "usage")));
      hold_tail();
      emit(bytes);
      finish();
      return {};
    }
    emit(bytes);
    return {};
  }

  // A transport failure mid-stream: the API's own `error` event, numbered after the last one.
  std::string render_failure(const Error& error) override
  {
    const OrderedJson event{{"type", "error"},
                            {"code", to_string(error.code)},
                            {"message", error.message},
                            {"param", nullptr},
                            {"sequence_number", m_sequence}};
    return render_sse("error", dump(event));
  }

  int64_t m_sequence = 0;
};

} // namespace

std::unique_ptr<StreamTranslator> make_responses_passthrough(const TranslateOptions& options)
{
  return std::make_unique<ResponsesPassthrough>(options);
}

} // namespace tokenrouter::stream
