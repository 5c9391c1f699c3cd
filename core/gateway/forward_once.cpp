// Non-streaming exchange: send, translate, settle, answer. The usage row is durable before the
// body is handed back to the transport (durability "ack").
#include "core/gateway/exchange.hpp"

#include <charconv>

namespace tokenrouter::gateway {

namespace {

int retry_after_seconds(const upstream::Response& response)
{
  const auto value = response.header("retry-after");
  int seconds = -1;
  if (!value.empty()) {
    std::from_chars(value.data(), value.data() + value.size(), seconds);
  }
  return seconds;
}

HttpReply fail_exchange(Exchange& exchange,
                        const Error& error,
                        billing::UsageSink& usage,
                        const util::Clock& clock)
{
  HttpReply reply = error_reply(exchange.client_dialect, error);
  exchange.record.status = reply.status;
  exchange.record.error_type = std::string(to_string(error.code));
  if (auto recorded = settle(exchange, usage, clock); !recorded) {
    return error_reply(exchange.client_dialect, recorded.error());
  }
  return reply;
}

} // namespace

HttpReply forward_once(Exchange exchange,
                       upstream::Client& client,
                       billing::UsageSink& usage,
                       const util::Clock& clock)
{
  const int64_t sent_ns = clock.steady_ns();
  auto response = client.send(exchange.upstream);
  exchange.upstream_ns = clock.steady_ns() - sent_ns;
  exchange.record.ttfb_ms = exchange.upstream_ns / 1'000'000;
  if (!response) {
    return fail_exchange(exchange, response.error(), usage, clock);
  }
  if (response->status < 200 || response->status >= 300) {
    const Error error = stream::upstream_error(
        exchange.upstream_dialect, response->status, response->body, retry_after_seconds(*response));
    return fail_exchange(exchange, error, usage, clock);
  }
  auto translated = stream::translate_body(exchange.translate, response->body);
  if (!translated) {
    return fail_exchange(exchange, translated.error(), usage, clock);
  }
  exchange.record.usage = translated->usage;
  exchange.record.status = 200;
  if (auto recorded = settle(exchange, usage, clock); !recorded) {
    return error_reply(exchange.client_dialect, recorded.error());
  }
  HttpReply reply;
  reply.body = std::move(translated->body);
  reply.headers.emplace_back("x-tokenrouter-overhead-ms",
                             std::to_string(exchange.record.overhead_us / 1000.0));
  return reply;
}

Status settle(Exchange& exchange, billing::UsageSink& usage, const util::Clock& clock)
{
  const int64_t elapsed_ns = clock.steady_ns() - exchange.started_ns;
  exchange.record.latency_ms = elapsed_ns / 1'000'000;
  exchange.record.overhead_us = std::max<int64_t>(0, (elapsed_ns - exchange.upstream_ns) / 1000);
  return usage.record(exchange.record);
}

} // namespace tokenrouter::gateway
