// The upstream answer's source for record and replay: the network (captured when recording)
// or a cassette (played back at the recorded pace). Everything after the answer — translation,
// pricing, quotas, the usage row — is the live path's own.
#include "core/gateway/replay_source.hpp"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/gateway/exchange.hpp"
#include "core/pipeline/logical.hpp"
#include "core/replay/cassette_file.hpp"
#include "core/util/strings.hpp"

namespace tokenrouter::gateway {

namespace {

using SteadyClock = std::chrono::steady_clock;

replay::Json json_or_text(const std::string& text)
{
  auto parsed = replay::Json::parse(text, nullptr, false);
  return parsed.is_discarded() ? replay::Json(text) : parsed;
}

// The canonical request the FullHash is taken of (pipeline/hasher.cpp), as one JSON object.
replay::Json canonical_request(const model::Envelope& shaped)
{
  model::Json tools = model::Json::array();
  for (const auto& tool : shaped.tools) {
    tools.push_back(pipeline::logical_tool(tool));
  }
  model::Json messages = model::Json::array();
  for (const auto& message : shaped.messages) {
    messages.push_back(pipeline::logical_message(message));
  }
  return replay::Json{{"tools", replay::Json(tools)},
                      {"system", replay::Json(pipeline::logical_system(shaped.system))},
                      {"messages", replay::Json(messages)},
                      {"parameters", replay::Json(pipeline::logical_parameters(shaped))}};
}

// What went upstream on the attempt that answered (a fallback may have changed the route).
void note_upstream(replay::Record& r, model::Dialect dialect, const upstream::Request& request)
{
  r.upstream_dialect = dialect;
  r.upstream_path = request.path;
  r.upstream_body = json_or_text(request.body);
}

replay::Record
request_side(const Exchange& x, const HttpRequest& request, const model::Envelope& shaped)
{
  replay::Record r;
  r.full_hash = x.record.full_hash;
  r.recorded_at_ms = x.record.created_at_ms;
  r.model = shaped.model;
  r.stream = shaped.stream;
  r.client_dialect = x.client_dialect;
  r.client_path = request.path;
  r.client_body = json_or_text(request.body);
  r.request = canonical_request(shaped);
  note_upstream(r, x.upstream_dialect, x.upstream);
  return r;
}

// 404 in the client's dialect with error type `replay_miss`.
HttpReply miss_reply(const Exchange& x, const std::string& name, const std::string& nearest)
{
  const std::string message = "replay miss: cassette \"" + name
                              + "\" has no recorded answer for this request (FullHash "
                              + x.record.full_hash.substr(0, 12) + "); " + nearest;
  spdlog::warn("{}", message);
  HttpReply reply = error_reply(x.client_dialect, {ErrorCode::not_found, message});
  auto body = nlohmann::json::parse(reply.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    body["error"]["type"] = "replay_miss";
    if (x.client_dialect != model::Dialect::anthropic_messages) {
      body["error"]["code"] = "replay_miss";
    }
    reply.body = body.dump();
  }
  return reply;
}

std::string content_type_of(const upstream::Headers& headers)
{
  for (const auto& [name, value] : headers) {
    if (util::to_lower(name) == "content-type") {
      return value;
    }
  }
  return "";
}

upstream::Headers headers_of(const replay::Response& response)
{
  upstream::Headers headers;
  if (!response.content_type.empty()) {
    headers.emplace_back("content-type", response.content_type);
  }
  return headers;
}

// Sleeps until `deadline` in short steps; false once `cancel` is set.
bool wait_until(SteadyClock::time_point deadline, const std::atomic<bool>* cancel)
{
  while (SteadyClock::now() < deadline) {
    if (cancel != nullptr && cancel->load()) {
      return false;
    }
    std::this_thread::sleep_for(std::min<SteadyClock::duration>(deadline - SteadyClock::now(),
                                                                std::chrono::milliseconds(20)));
  }
  return cancel == nullptr || !cancel->load();
}

Status play(const replay::Response& response,
            int speed,
            const upstream::StreamCallbacks& callbacks,
            const std::atomic<bool>* cancel)
{
  if (!callbacks.on_head(response.status, headers_of(response))) {
    return {};
  }
  if (!response.streamed) {
    (void)callbacks.on_data(response.body);
    return {};
  }
  const auto start = SteadyClock::now();
  for (const auto& event : response.events) {
    if (speed > 0 && !wait_until(start + std::chrono::milliseconds(event.ms / speed), cancel)) {
      return {};
    }
    if (!callbacks.on_data(event.data)) {
      return {};
    }
  }
  return {};
}

// Moves each whole SSE event (up to and including its blank line) from `pending` to `events`.
void take_events(std::string& pending, int64_t ms, std::vector<replay::StreamEvent>& events)
{
  size_t start = 0;
  for (size_t end = pending.find("\n\n"); end != std::string::npos;
       end = pending.find("\n\n", start)) {
    events.push_back({ms, pending.substr(start, end + 2 - start)});
    start = end + 2;
  }
  pending.erase(0, start);
}

// Streams from the upstream and keeps a copy of the answer on the tape once it ended whole.
Status stream_and_capture(ReplayTape& tape,
                          model::Dialect dialect,
                          upstream::Client& client,
                          const upstream::Request& request,
                          const upstream::StreamCallbacks& callbacks,
                          const std::atomic<bool>* cancel,
                          upstream::StopHandle* stop)
{
  {
    std::lock_guard lock(tape.mutex);
    tape.captured = false; // an earlier attempt's answer is not this one's
  }
  replay::Response captured;
  captured.streamed = true;
  std::string pending;
  auto head_at = SteadyClock::now();
  bool stopped = false;
  const auto ms_since_head = [&head_at] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - head_at)
        .count();
  };
  upstream::StreamCallbacks wrapped;
  wrapped.on_head = [&](int status, const upstream::Headers& headers) {
    captured.status = status;
    captured.content_type = content_type_of(headers);
    head_at = SteadyClock::now();
    stopped = !callbacks.on_head(status, headers);
    return !stopped;
  };
  wrapped.on_data = [&](std::string_view data) {
    pending.append(data);
    take_events(pending, ms_since_head(), captured.events);
    stopped = !callbacks.on_data(data);
    return !stopped;
  };
  auto outcome = client.stream(request, wrapped, cancel, stop);
  if (outcome && !stopped && (cancel == nullptr || !cancel->load())) {
    if (!pending.empty()) {
      captured.events.push_back({ms_since_head(), std::move(pending)});
    }
    std::lock_guard lock(tape.mutex);
    note_upstream(tape.recording, dialect, request);
    tape.recording.response = std::move(captured);
    tape.captured = true;
  }
  return outcome;
}

} // namespace

ReplayDesk::ReplayDesk(config::ReplayConfig config)
    : m_config(std::move(config))
{
  // Load the configured cassette now: a bad file shows in the startup log, not in a test's
  // first request's latency.
  if (m_config.mode == "replay" || m_config.mode == "replay-or-forward") {
    if (auto dir = replay::cassette_dir(m_config.dir, m_config.cassette)) {
      (void)index_for(m_config.cassette, *dir);
    }
  }
}

std::shared_ptr<replay::Index> ReplayDesk::index_for(const std::string& name,
                                                     const std::string& dir)
{
  std::lock_guard lock(m_mutex);
  auto& index = m_indexes[name];
  if (!index) {
    auto loaded = replay::load_cassette(dir);
    if (!loaded) {
      spdlog::error("cassette {}: {}", name, loaded.error().message);
      loaded = replay::Loaded{};
    }
    for (const auto& warning : loaded->warnings) {
      spdlog::warn("cassette {}: {}", name, warning);
    }
    index = std::make_shared<replay::Index>(std::move(loaded->records));
    spdlog::info("cassette {}: {} recorded answers from {}", name, index->size(), dir);
  }
  return index;
}

std::optional<HttpReply>
ReplayDesk::attach(Exchange& x, const HttpRequest& request, const model::Envelope& shaped)
{
  std::string mode = m_config.mode;
  std::string name = m_config.cassette;
  if (auto named = request.header("x-tokenrouter-record"); !named.empty()) {
    mode = "record";
    name = std::move(named);
  } else if (auto replayed = request.header("x-tokenrouter-replay"); !replayed.empty()) {
    mode = mode == "replay-or-forward" ? mode : "replay";
    name = std::move(replayed);
  }
  if (mode == "off") {
    return std::nullopt;
  }
  auto dir = replay::cassette_dir(m_config.dir, name);
  if (!dir) {
    return error_reply(x.client_dialect, dir.error());
  }
  auto tape = std::make_shared<ReplayTape>();
  tape->cassette = name;
  tape->dir = *dir;
  tape->speed = m_config.speed;
  if (mode != "record") {
    auto index = index_for(name, *dir);
    if (auto played = index->next(x.record.full_hash)) {
      tape->played = std::move(played);
      x.record.replayed = true;
      x.upstream_dialect = tape->played->upstream_dialect;
      x.translate.upstream = tape->played->upstream_dialect;
      x.tape = std::move(tape);
      return std::nullopt;
    }
    if (mode == "replay") {
      return miss_reply(x, name, index->nearest(canonical_request(shaped)));
    }
    tape->index = std::move(index);
  }
  tape->recording = request_side(x, request, shaped);
  x.tape = std::move(tape);
  return std::nullopt;
}

std::optional<upstream::Response> played_response(const Exchange& x)
{
  if (!x.tape || !x.tape->played || !x.tape->played->response) {
    return std::nullopt;
  }
  const replay::Response& recorded = *x.tape->played->response;
  upstream::Response response;
  response.status = recorded.status;
  response.headers = headers_of(recorded);
  response.body = recorded.body;
  for (const auto& event : recorded.events) {
    response.body += event.data;
  }
  return response;
}

void capture_response(const Exchange& x, const Result<upstream::Response>& response)
{
  if (!x.tape || x.tape->played || !response) {
    return;
  }
  std::lock_guard lock(x.tape->mutex);
  note_upstream(x.tape->recording, x.upstream_dialect, x.upstream);
  x.tape->recording.response = replay::Response{
      response->status, response->header("content-type"), false, response->body, {}};
  x.tape->captured = true;
}

StreamBridge::Streamer streamer_for(const Exchange& x, upstream::Client& client)
{
  auto tape = x.tape;
  if (tape && tape->played && tape->played->response) {
    return [tape](const upstream::Request&,
                  const upstream::StreamCallbacks& callbacks,
                  const std::atomic<bool>* cancel,
                  upstream::StopHandle*) {
      return play(*tape->played->response, tape->speed, callbacks, cancel);
    };
  }
  if (tape) {
    return [tape, dialect = x.upstream_dialect, &client](const upstream::Request& request,
                           const upstream::StreamCallbacks& callbacks,
                           const std::atomic<bool>* cancel,
                           upstream::StopHandle* stop) {
      return stream_and_capture(*tape, dialect, client, request, callbacks, cancel, stop);
    };
  }
  return [&client](const upstream::Request& request,
                   const upstream::StreamCallbacks& callbacks,
                   const std::atomic<bool>* cancel,
                   upstream::StopHandle* stop) {
    return client.stream(request, callbacks, cancel, stop);
  };
}

void finish_tape(const Exchange& x, const billing::UsageRecord& record)
{
  if (!x.tape || x.tape->played) {
    return;
  }
  replay::Record made;
  {
    std::lock_guard lock(x.tape->mutex);
    if (!x.tape->captured) {
      return;
    }
    x.tape->captured = false; // written once
    made = x.tape->recording;
  }
  made.usage = record.usage;
  if (auto appended = replay::append_record(x.tape->dir, made); !appended) {
    spdlog::error("cassette {}: {}", x.tape->cassette, appended.error().message);
    return;
  }
  if (x.tape->index) {
    x.tape->index->add(std::move(made));
  }
}

} // namespace tokenrouter::gateway
