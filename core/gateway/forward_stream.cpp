// Streaming exchange. The upstream is read on a bridge thread; this side translates event by
// event and writes to the client as bytes arrive. The terminal event is held back until the
// usage row is committed (durability "ack"), so a client that saw the end of a stream always
// has its usage recorded, even if the daemon is killed right after.
#include "core/gateway/exchange.hpp"

#include <charconv>

#include <strings.h>

#include "core/gateway/replay_source.hpp"
#include "core/gateway/stream_bridge.hpp"
#include "core/gateway/attempt_metrics.hpp"
#include "core/gateway/upstream_attempts.hpp"
#include "core/metrics/gateway_metrics.hpp"

namespace tokenrouter::gateway {

namespace {

int retry_after_seconds(const upstream::Headers& headers)
{
  for (const auto& [name, value] : headers) {
    if (name.size() == 11 && strncasecmp(name.c_str(), "retry-after", 11) == 0) {
      int seconds = -1;
      std::from_chars(value.data(), value.data() + value.size(), seconds);
      return seconds;
    }
  }
  return -1;
}

// Shared by the reply's writer and its close hook: whichever runs last records the usage once.
struct StreamState {
  Exchange exchange;
  ExchangeContext context;
  std::unique_ptr<StreamBridge> bridge;
  std::unique_ptr<stream::StreamTranslator> translator;
  std::mutex mutex;
  bool recorded = false;
  bool wrote_any = false;

  StreamState(Exchange x, const ExchangeContext& c) : exchange(std::move(x)), context(c) {}

  Status record_once(int status, std::string_view error_type)
  {
    std::lock_guard lock(mutex);
    if (recorded) {
      return {};
    }
    recorded = true;
    exchange.record.status = status;
    exchange.record.error_type = std::string(error_type);
    exchange.record.usage = translator->usage();
    return settle(exchange, context);
  }
};

void note_first_byte(StreamState& state)
{
  if (!state.wrote_any) {
    state.wrote_any = true;
    state.exchange.record.ttfb_ms =
        (state.context.clock.steady_ns() - state.exchange.started_ns) / 1'000'000;
  }
}

// Ends a stream the upstream did not finish: a well-formed error event, then the record.
void finish_failed(StreamState& state, ChunkSink& sink, const Error& error)
{
  count_stream_failure(state.context, state.exchange, error);
  const std::string tail = state.translator->fail(error);
  (void)state.record_once(502, to_string(error.code));
  sink.write(tail);
}

void pump(StreamState& state, ChunkSink& sink)
{
  const int64_t pumped_ns = state.context.clock.steady_ns();
  while (auto chunk = state.bridge->next()) {
    std::string out = state.translator->feed(*chunk);
    if (!out.empty()) {
      note_first_byte(state);
      if (!sink.write(out)) {
        state.bridge->cancel();
        (void)state.record_once(499, "client_closed");
        return;
      }
    }
    if (auto malformed = state.translator->malformed()) {
      // Nothing after a malformed event can be trusted: stop reading, end the stream cleanly.
      state.bridge->cancel();
      finish_failed(state, sink, *malformed);
      return;
    }
  }
  state.exchange.upstream_ns += state.context.clock.steady_ns() - pumped_ns;
  if (!state.translator->complete()) {
    auto error = state.bridge->error().value_or(
        Error{ErrorCode::upstream_failed, "upstream stream ended before its final event"});
    finish_failed(state, sink, error);
    return;
  }
  const int status = state.translator->upstream_error() ? 502 : 200;
  if (auto recorded = state.record_once(status, status == 200 ? "" : "upstream_failed"); !recorded) {
    finish_failed(state, sink, recorded.error());
    return;
  }
  sink.write(state.translator->take_tail());
}

// One attempt (see upstream_attempts.hpp): open the upstream stream and wait for its head; a
// 2xx stream is kept in `state`, anything else is read for its error and closed.
AttemptResult open_stream(StreamState& state, Exchange& x)
{
  state.bridge = std::make_unique<StreamBridge>(
      streamer_for(x, state.context.client), x.upstream, state.context.cancel_all);
  const bool answered = state.bridge->wait_head();
  const int status = answered ? state.bridge->status() : 0;
  if (status >= 200 && status < 300) {
    return {status, {}};
  }
  const int retry_after = answered ? retry_after_seconds(state.bridge->headers()) : -1;
  const Error error = answered ? stream::upstream_error(x.upstream_dialect, status, state.bridge->drain(), retry_after)
                               : state.bridge->error().value_or(
                                     Error{ErrorCode::upstream_failed, "upstream gave no answer"});
  state.bridge->cancel();
  return {status, error, retry_after};
}

} // namespace

HttpReply forward_stream(Exchange exchange, const ExchangeContext& context)
{
  auto state = std::make_shared<StreamState>(std::move(exchange), context);
  const int64_t sent_ns = context.clock.steady_ns();
  const AttemptResult outcome =
      run_attempts(state->exchange, [&state](Exchange& x) {
        return count_attempt(state->context, x, open_stream(*state, x));
      });
  state->translator = stream::make_stream_translator(state->exchange.translate);
  state->exchange.upstream_ns = context.clock.steady_ns() - sent_ns;
  if (!outcome.ok()) {
    const Error& error = outcome.error;
    HttpReply reply = error_reply(state->exchange.client_dialect, error);
    (void)state->record_once(reply.status, to_string(error.code));
    add_overhead_header(reply, state->exchange.record.overhead_us);
    return reply;
  }
  HttpReply reply;
  reply.content_type = "text/event-stream";
  reply.headers.emplace_back("Cache-Control", "no-cache");
  add_overhead_header(reply, overhead_so_far_us(state->exchange, context.clock)); // up to the head
  context.active_streams->fetch_add(1);
  if (context.metrics != nullptr) {
    context.metrics->stream_opened(state->exchange.record.provider);
  }
  reply.stream = [state](ChunkSink& sink) { pump(*state, sink); };
  reply.on_close = [state] {
    state->bridge->cancel();
    (void)state->record_once(499, "client_closed");
    state->context.active_streams->fetch_sub(1);
    if (state->context.metrics != nullptr) {
      state->context.metrics->stream_closed(state->exchange.record.provider);
    }
  };
  return reply;
}

} // namespace tokenrouter::gateway
