// Billing's two admission steps: an Idempotency-Key already answered is replayed (charged
// nothing); otherwise the request's maximum is reserved on its key's and user's quotas.
#include "core/gateway/exchange.hpp"

#include "core/pipeline/token_estimate.hpp"

namespace tokenrouter::gateway {

namespace {

// Output cap reserved when neither the request nor the model says one.
constexpr int64_t k_default_output_cap = 4096;

// The client's Idempotency-Key, else its own x-request-id. Streams are not replayed: their
// bytes are not kept, so each stream is forwarded (and charged) on its own.
std::string idempotency_key_of(const HttpRequest& request, const model::Envelope& envelope)
{
  if (envelope.stream) {
    return {};
  }
  auto key = request.header("idempotency-key");
  return key.empty() ? request.header("x-request-id") : key;
}

HttpReply replay(Exchange& x, billing::StoredAnswer answer, const GatewayDeps& deps)
{
  auto row = x.record;
  row.idempotency_key.clear();
  row.replayed = true;
  row.status = answer.status;
  (void)deps.usage.record(row); // zero usage, zero cost: a visible trace, not a charge
  HttpReply reply;
  reply.status = answer.status;
  reply.body = std::move(answer.body);
  reply.headers.emplace_back("x-tokenrouter-idempotent-replay", answer.request_id);
  return reply;
}

billing::Admission admission_of(const Exchange& x, const model::Envelope& envelope,
                                const HttpRequest& request, const GatewayDeps& deps)
{
  billing::Admission a;
  a.key_id = x.identity.key_id;
  a.user_id = x.identity.user_id;
  a.input_tokens = pipeline::estimate_tokens(request.body);
  a.max_output_tokens = envelope.max_tokens.value_or(
      x.route.model->max_output_tokens > 0 ? x.route.model->max_output_tokens : k_default_output_cap);
  a.multiplier_ppm = x.identity.price_multiplier_ppm;
  a.now_ms = deps.clock.now_ms();
  const std::string kind(model::to_string(x.route.provider->kind));
  a.prices = deps.prices.find(x.record.upstream_model, kind, a.now_ms / 1000);
  if (!a.prices) {
    a.prices = deps.prices.find(x.record.model, kind, a.now_ms / 1000);
  }
  return a;
}

} // namespace

std::optional<HttpReply> admit_billing(Exchange& x, const model::Envelope& envelope,
                                       const HttpRequest& request, const GatewayDeps& deps)
{
  if (const auto key = idempotency_key_of(request, envelope); !key.empty() && deps.idempotency) {
    auto checked = deps.idempotency->check(x.identity.key_id, key);
    if (!checked) {
      return error_reply(x.client_dialect, checked.error());
    }
    if (checked->replay) {
      return replay(x, std::move(*checked->replay), deps);
    }
    x.claim = std::move(checked->claim);
    x.record.idempotency_key = key;
  }
  auto hold = deps.quotas.reserve(admission_of(x, envelope, request, deps));
  if (!hold) {
    return error_reply(x.client_dialect, hold.error());
  }
  x.hold = std::move(*hold);
  return std::nullopt;
}

} // namespace tokenrouter::gateway
