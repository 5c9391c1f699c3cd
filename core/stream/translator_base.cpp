#include "core/stream/translator_base.hpp"

#include <utility>

#include "core/stream/errors.hpp"

namespace tokenrouter::stream {

namespace {

// Stands in for dialect pairs without a translation: the first bytes mark the stream malformed.
class UnsupportedTranslator final : public TranslatorBase {
public:
  using TranslatorBase::TranslatorBase;

private:
  Status on_event(const SseEvent& /*event*/) override
  {
    return tokenrouter::fail(ErrorCode::internal,
                "no stream translation from " + std::string(model::to_string(options().upstream))
                    + " to " + std::string(model::to_string(options().client)));
  }
};

} // namespace

std::string render_sse(std::string_view event, std::string_view data)
{
  std::string out;
  out.reserve(event.size() + data.size() + 16);
  if (!event.empty()) {
    out.append("event: ").append(event).append("\n");
  }
  size_t pos = 0;
  while (true) {
    const size_t end = data.find('\n', pos);
    out.append("data: ").append(data.substr(pos, end - pos)).append("\n");
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + 1;
  }
  out.append("\n");
  return out;
}

TranslatorBase::TranslatorBase(TranslateOptions options)
  : m_options(std::move(options))
{
}

std::string TranslatorBase::feed(std::string_view upstream_bytes)
{
  if (m_stopped) {
    return {};
  }
  Result<std::vector<SseEvent>> events = m_parser.feed(upstream_bytes);
  if (!events) {
    m_malformed = std::move(events).error();
    m_stopped = true;
    return std::exchange(m_out, {});
  }
  for (const SseEvent& event : *events) {
    if (m_stopped) {
      break;
    }
    Status handled = on_event(event);
    if (!handled) {
      m_malformed = std::move(handled).error();
      m_stopped = true;
    }
  }
  return std::exchange(m_out, {});
}

std::string TranslatorBase::take_tail()
{
  if (!m_complete || m_ended) {
    return {};
  }
  m_ended = true;
  return std::exchange(m_tail, {});
}

std::string TranslatorBase::fail(const Error& error)
{
  if (m_ended) {
    return {};
  }
  m_ended = true;
  m_stopped = true;
  m_tail.clear();
  return render_failure(error);
}

std::string TranslatorBase::render_failure(const Error& error)
{
  return close_open() + render_error_event(m_options.client, error);
}

void TranslatorBase::emit(std::string_view bytes)
{
  (m_holding ? m_tail : m_out).append(bytes);
}

void TranslatorBase::finish()
{
  m_complete = true;
  m_stopped = true;
}

void TranslatorBase::end_with_upstream_error(std::string_view client_bytes)
{
  m_out.append(client_bytes);
  m_tail.clear();
  m_upstream_error = true;
  m_complete = true;
  m_stopped = true;
  m_ended = true;
}

std::unique_ptr<StreamTranslator> make_stream_translator(const TranslateOptions& options)
{
  using model::Dialect;
  if (options.upstream == Dialect::openai_chat && options.client == Dialect::openai_chat) {
    return make_openai_passthrough(options);
  }
  if (options.upstream == Dialect::anthropic_messages
      && options.client == Dialect::anthropic_messages) {
    return make_anthropic_passthrough(options);
  }
  if (options.upstream == Dialect::anthropic_messages && options.client == Dialect::openai_chat) {
    return make_anthropic_to_openai(options);
  }
  if (options.upstream == Dialect::openai_chat && options.client == Dialect::anthropic_messages) {
    return make_openai_to_anthropic(options);
  }
  if (options.client == Dialect::openai_responses) {
    switch (options.upstream) {
    case Dialect::openai_responses: return make_responses_passthrough(options);
    case Dialect::openai_chat: return make_chat_to_responses(options);
    case Dialect::anthropic_messages: return make_anthropic_to_responses(options);
    }
  }
  return std::make_unique<UnsupportedTranslator>(options);
}

} // namespace tokenrouter::stream
