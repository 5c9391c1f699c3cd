// Non-streaming exchange: send, translate, settle, answer. The usage row is durable before the
// body is handed back to the transport (durability "ack").
#include "core/gateway/exchange.hpp"
#include "core/gateway/replay_source.hpp"
#include "core/gateway/attempt_metrics.hpp"
#include "core/gateway/upstream_attempts.hpp"

#include <charconv>

#include "core/metrics/gateway_metrics.hpp"

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

HttpReply fail_exchange(Exchange& exchange, const Error& error, const ExchangeContext& context)
{
  HttpReply reply = error_reply(exchange.client_dialect, error);
  exchange.record.status = reply.status;
  exchange.record.error_type = std::string(to_string(error.code));
  if (auto recorded = settle(exchange, context); !recorded) {
    return error_reply(exchange.client_dialect, recorded.error());
  }
  add_overhead_header(reply, exchange.record.overhead_us);
  return reply;
}

// One upstream call, or the answer of an identical request already in flight (dedup): its
// first arrival is the leader and publishes a successful answer; a follower that gets it is
// recorded as a dedup hit with zero upstream usage (the leader's row carries the cost).
Result<upstream::Response> call_upstream(Exchange& exchange, const ExchangeContext& context)
{
  if (context.inflight == nullptr || exchange.dedup_key.empty()) {
    return context.client.send(exchange.upstream);
  }
  auto joined = context.inflight->join(exchange.dedup_key, context.dedup_wait);
  if (joined.shared) {
    exchange.record.dedup_hit = true;
    return std::move(*joined.shared);
  }
  auto response = context.client.send(exchange.upstream);
  if (joined.lease && response && response->status >= 200 && response->status < 300) {
    joined.lease->publish(*response);
  }
  return response;
}

// What the retry loop needs to know about one answer.
AttemptResult attempt_of(const Exchange& x, const Result<upstream::Response>& response)
{
  if (!response) {
    return {0, response.error()};
  }
  if (response->status >= 200 && response->status < 300) {
    return {response->status, {}};
  }
  const int retry_after = retry_after_seconds(*response);
  return {response->status,
          stream::upstream_error(x.upstream_dialect, response->status, response->body, retry_after),
          retry_after};
}

} // namespace

HttpReply forward_once(Exchange exchange, const ExchangeContext& context)
{
  const auto& clock = context.clock;
  const int64_t sent_ns = clock.steady_ns();
  Result<upstream::Response> response = fail(ErrorCode::no_route, "no upstream attempt");
  const AttemptResult outcome = run_attempts(exchange, [&](Exchange& x) {
    response = replay_or(x, [&] { return call_upstream(x, context); });
    return count_attempt(context, x, attempt_of(x, response));
  });
  exchange.upstream_ns = clock.steady_ns() - sent_ns;
  exchange.record.ttfb_ms = exchange.upstream_ns / 1'000'000;
  if (!outcome.from_upstream) {
    return fail_exchange(exchange, outcome.error, context);
  }
  if (!response) {
    return fail_exchange(exchange, response.error(), context);
  }
  if (response->status < 200 || response->status >= 300) {
    const Error error = stream::upstream_error(
        exchange.upstream_dialect, response->status, response->body, retry_after_seconds(*response));
    return fail_exchange(exchange, error, context);
  }
  auto translated = stream::translate_body(exchange.translate, response->body);
  if (!translated) {
    return fail_exchange(exchange, translated.error(), context);
  }
  exchange.record.usage = exchange.record.dedup_hit ? model::Usage{} : translated->usage;
  exchange.record.status = 200;
  if (exchange.claim.active()) {
    exchange.record.idempotent_body = translated->body; // kept with the row, for repeats
  }
  if (auto recorded = settle(exchange, context); !recorded) {
    return error_reply(exchange.client_dialect, recorded.error());
  }
  exchange.claim.complete({200, translated->body, exchange.record.request_id});
  HttpReply reply;
  reply.body = std::move(translated->body);
  reply.headers.emplace_back("x-tokenrouter-overhead-ms",
                             std::to_string(exchange.record.overhead_us / 1000.0));
  return reply;
}

Status settle(Exchange& exchange, const ExchangeContext& context)
{
  auto& record = exchange.record;
  const int64_t elapsed_ns = context.clock.steady_ns() - exchange.started_ns;
  record.latency_ms = elapsed_ns / 1'000'000;
  record.overhead_us = std::max<int64_t>(0, (elapsed_ns - exchange.upstream_ns) / 1000);
  const std::string kind(model::to_string(exchange.route.provider->kind));
  const int64_t at_s = record.created_at_ms / 1000;
  auto prices = context.prices.find(record.upstream_model, kind, at_s);
  if (!prices) {
    prices = context.prices.find(record.model, kind, at_s);
  }
  record.priced = prices.has_value();
  if (prices) {
    record.cost_nanousd = billing::cost_nanousd(record.usage, *prices, exchange.identity.price_multiplier_ppm);
    record.saved_nanousd =
        billing::cache_savings_nanousd(record.usage, *prices, exchange.identity.price_multiplier_ppm);
  }
  if (exchange.on_settled) {
    exchange.on_settled(record.usage);
  }
  // The quota charges ride in the usage row's transaction; the hold then trades its
  // reservation for what was committed (nothing if the row could not be written).
  const bool counted = record.status < 400 || record.usage.total() > 0;
  record.charges = exchange.hold.charges(record.usage, record.cost_nanousd, counted, context.clock.now_ms());
  if (context.metrics != nullptr) {
    context.metrics->observe(record);
  }
  finish_tape(exchange, record); // recording: the cassette has the answer before the client
  auto recorded = context.usage.record(record);
  exchange.hold.finish(recorded ? record.charges : std::vector<billing::QuotaCharge>{});
  return recorded;
}

} // namespace tokenrouter::gateway
