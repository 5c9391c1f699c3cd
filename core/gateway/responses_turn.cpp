// Responses state lives here so the gateway's pipeline stays one list of steps. Translated
// answers get our own `resp_…` id and, unless `store: false`, are kept with the conversation
// that led to them; `previous_response_id` then prepends that conversation to the new input,
// which is how a Chat Completions or Anthropic upstream (stateless) continues it. A Responses
// upstream keeps its own state: ids unknown here are passed through to it untouched.
#include "core/gateway/responses_turn.hpp"

#include <spdlog/spdlog.h>

#include "core/inbound/parse.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/stream/json_util.hpp"
#include "core/stream/sse_parser.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::gateway {

namespace {

using model::Json;

// `input` as a list of items (a string is one user message; absent is empty).
Json input_items_of(const Json& body)
{
  const auto it = body.find("input");
  if (it == body.end() || it->is_null()) {
    return Json::array();
  }
  if (it->is_string()) {
    return Json::array({{{"type", "message"}, {"role", "user"}, {"content", *it}}});
  }
  return *it;
}

// `body` continued from a stored conversation: its items, then the request's own.
Status continue_from(const std::string& stored_text, Json& body)
{
  const Json stored = Json::parse(stored_text, nullptr, false);
  if (!stored.is_object() || !stored.value("input", Json()).is_array()
      || !stored.value("output", Json()).is_array()) {
    return fail(ErrorCode::storage, "stored response is damaged");
  }
  Json items = stored["input"];
  for (const auto& item : stored["output"]) {
    items.push_back(item);
  }
  for (auto& item : input_items_of(body)) {
    items.push_back(std::move(item));
  }
  body["input"] = std::move(items);
  body.erase("previous_response_id");
  return {};
}

Error previous_not_found(const std::string& id)
{
  Error error{ErrorCode::not_found, "Previous response with id '" + id + "' not found."};
  error.http_status = 404;
  return error;
}

void save_answer(const ResponsesTurn& turn, const Json& response)
{
  const std::string status = response.value("status", "");
  if (status != "completed" && status != "incomplete") {
    return;
  }
  const Json body{{"input", turn.input_items}, {"output", response.value("output", Json::array())}};
  const StoredResponse row{turn.response_id, turn.key_id, turn.now_s,
                           turn.now_s + k_response_retention_s, body.dump()};
  if (auto saved = turn.store->save(row); !saved) {
    spdlog::warn("cannot store response {}: {}", turn.response_id, saved.error().message);
  }
}

// Lets a streamed answer through unchanged and stores it when response.completed goes by (before
// the client sees it, so a client that saw the end can always continue from it).
class CompletedWatcher final : public ChunkSink {
public:
  CompletedWatcher(ChunkSink& inner, const ResponsesTurn& turn)
      : m_inner(inner)
      , m_turn(turn)
  {
  }

  bool write(std::string_view data) override
  {
    if (auto events = m_parser.feed(data)) {
      for (const auto& event : *events) {
        if (event.event == "response.completed" || event.event == "response.incomplete") {
          const Json parsed = Json::parse(event.data, nullptr, false);
          save_answer(m_turn, stream::member(parsed, "response"));
        }
      }
    }
    return m_inner.write(data);
  }

private:
  ChunkSink& m_inner;
  const ResponsesTurn& m_turn;
  stream::SseParser m_parser;
};

std::string joined(const std::vector<std::string>& names)
{
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

} // namespace

Status prepare_responses_turn(ResponsesStore& store,
                              Exchange& x,
                              const HttpRequest& request,
                              model::Envelope& envelope)
{
  if (x.client_dialect != model::Dialect::openai_responses) {
    return {};
  }
  auto turn = std::make_shared<ResponsesTurn>();
  turn->store = &store;
  turn->key_id = x.identity.key_id;
  turn->now_s = x.record.created_at_ms / 1000;
  turn->keep = envelope.extra.value("store", Json(true)) != Json(false);
  const std::string previous = stream::string_member(envelope.extra, "previous_response_id");
  Json body = Json::parse(request.body);
  if (!previous.empty()) {
    TKR_TRY_ASSIGN(const auto stored, store.load(previous, turn->key_id, turn->now_s));
    if (stored) {
      TKR_TRY(continue_from(*stored, body));
      TKR_TRY_ASSIGN(envelope, inbound::parse_openai_responses(body.dump()));
      turn->continued_body = body;
    } else {
      turn->previous_id = previous;
    }
  }
  turn->input_items = turn->keep ? input_items_of(body) : Json();
  turn->plan = outbound::adapt_responses_tools(envelope); // unused by a pass-through
  x.responses = std::move(turn);
  return {};
}

Status route_responses_turn(Exchange& x)
{
  if (!x.responses) {
    return {};
  }
  ResponsesTurn& turn = *x.responses;
  turn.passthrough = x.route.provider->kind == model::ProviderKind::openai;
  x.upstream_dialect = turn.passthrough ? model::Dialect::openai_responses
                                        : model::upstream_dialect(x.route.provider->kind);
  if (turn.passthrough) {
    turn.keep = false; // the upstream keeps its own responses, under its own ids
    turn.plan = {};
    return {};
  }
  if (!turn.previous_id.empty()) {
    return tl::unexpected(previous_not_found(turn.previous_id));
  }
  turn.response_id = "resp_" + util::random_hex(24);
  if (!turn.plan.dropped_tools.empty()) {
    spdlog::info("request {}: provider {} cannot run hosted tools; dropped: {}",
                 x.record.request_id, x.route.provider->name, joined(turn.plan.dropped_tools));
  }
  return {};
}

std::string responses_upstream_body(const Exchange& x,
                                    const HttpRequest& request,
                                    const model::Envelope& envelope,
                                    const outbound::BuildOptions& build)
{
  if (!x.responses || !x.responses->passthrough) {
    return pipeline::serialize(outbound::build(envelope, build)); // canonical bytes
  }
  if (x.responses->continued_body.is_null()) {
    return stream::replace_string_member(request.body, {"model"}, x.route.upstream_model);
  }
  Json body = x.responses->continued_body;
  body["model"] = x.route.upstream_model;
  return body.dump();
}

void adjust_responses_exchange(Exchange& x)
{
  if (!x.responses) {
    return;
  }
  if (x.responses->passthrough) {
    x.upstream.path = "/responses";
  }
  x.translate.response_id = x.responses->response_id;
  x.translate.custom_tools = x.responses->plan.custom_tools;
}

HttpReply finish_responses_turn(const std::shared_ptr<ResponsesTurn>& turn, HttpReply reply)
{
  if (!turn) {
    return reply;
  }
  if (!turn->plan.dropped_tools.empty()) {
    reply.headers.emplace_back("x-tokenrouter-dropped-tools", joined(turn->plan.dropped_tools));
  }
  if (!turn->keep || reply.status != 200) {
    return reply;
  }
  if (!reply.stream) {
    save_answer(*turn, Json::parse(reply.body, nullptr, false));
    return reply;
  }
  reply.stream = [inner = std::move(reply.stream), turn](ChunkSink& sink) {
    CompletedWatcher watcher(sink, *turn);
    inner(watcher);
  };
  return reply;
}

HttpReply websocket_refused()
{
  Error error{ErrorCode::invalid_request,
              "the WebSocket transport of the Responses API is not supported; use POST /v1/responses"};
  error.http_status = 426;
  return error_reply(model::Dialect::openai_responses, error);
}

} // namespace tokenrouter::gateway
