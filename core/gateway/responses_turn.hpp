#pragma once
// The Responses API's extra steps around one chat exchange. The gateway calls them for every
// dialect; they do nothing unless the client speaks Responses (x.responses set):
//   prepare — `previous_response_id` from the store, tools made fit for translation;
//   route   — pass-through (OpenAI upstreams speak Responses) or translation;
//   body    — the client's own body (model swapped) for a Responses upstream, else the builder's;
//   adjust  — upstream path `/responses`, translator options (response id, custom tools);
//   finish  — `x-tokenrouter-dropped-tools`, and storing the answer unless `store: false`.

#include <memory>
#include <string>

#include "core/gateway/exchange.hpp"
#include "core/gateway/responses_store.hpp"
#include "core/model/envelope.hpp"
#include "core/outbound/build.hpp"
#include "core/outbound/responses_tools.hpp"

namespace tokenrouter::gateway {

struct ResponsesTurn {
  bool passthrough = false;   // the upstream speaks Responses too
  bool keep = false;          // store the answer (translated upstream, `store` not false)
  std::string previous_id;    // previous_response_id not found here ("" = none or found)
  std::string response_id;    // ours, when translating
  model::Json input_items;    // the whole conversation sent this turn (what is stored)
  model::Json continued_body; // the request continued from a stored response (null = none)
  outbound::ResponsesToolPlan plan;
  ResponsesStore* store = nullptr;
  std::string key_id;
  int64_t now_s = 0;
};

// After parsing: continues `envelope` from a stored `previous_response_id` and adapts its tools.
[[nodiscard]] Status prepare_responses_turn(ResponsesStore& store,
                                            Exchange& x,
                                            const HttpRequest& request,
                                            model::Envelope& envelope);

// After routing: pass-through or translation (sets x.upstream_dialect). A previous_response_id
// unknown here is not_found (404) unless the upstream keeps its own state.
[[nodiscard]] Status route_responses_turn(Exchange& x);

// The upstream body: see above.
std::string responses_upstream_body(const Exchange& x,
                                    const HttpRequest& request,
                                    const model::Envelope& envelope,
                                    const outbound::BuildOptions& build);

// Upstream path and translator options, once x.upstream and x.translate are set.
void adjust_responses_exchange(Exchange& x);

// The reply with the dropped-tools header, its answer stored when it should be.
HttpReply finish_responses_turn(const std::shared_ptr<ResponsesTurn>& turn, HttpReply reply);

// `GET /v1/responses` (Codex's WebSocket attempt): refused at once with 426 and an OpenAI-shaped
// error, so the client falls back to `POST /v1/responses` instead of waiting.
HttpReply websocket_refused();

} // namespace tokenrouter::gateway
