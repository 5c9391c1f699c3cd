// The fake provider. Answers are built from the Scripted description in each wire format;
// events follow protocols.md §1.3 (OpenAI chunks) and §4.4 (Anthropic events) exactly.
#include "tests/support/fake_upstream.hpp"

#include "core/stream/translator.hpp"
#include "tests/support/prefix_cache_sim.hpp"

#include <httplib.h>

#include <strings.h>

namespace tokenrouter::testing {

using Json = nlohmann::json;

namespace {

std::vector<std::string> words(const std::string& text)
{
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    end = end == std::string::npos ? text.size() : end + 1;
    out.push_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

std::string sse(const Json& data)
{
  return "data: " + data.dump() + "\n\n";
}

std::string sse(const std::string& event, const Json& data)
{
  return "event: " + event + "\ndata: " + data.dump() + "\n\n";
}

int64_t input_of(const Scripted& s, const std::string& body)
{
  return s.input_tokens > 0 ? s.input_tokens : static_cast<int64_t>(body.size() / 4) + 1;
}

// --- OpenAI -------------------------------------------------------------------------------

Json openai_usage(const Scripted& s, int64_t input)
{
  return {{"prompt_tokens", input},
          {"completion_tokens", s.output_tokens},
          {"total_tokens", input + s.output_tokens},
          {"prompt_tokens_details", {{"cached_tokens", s.cached_tokens}}},
          {"completion_tokens_details", {{"reasoning_tokens", 0}}}};
}

Json openai_tool_calls(const Scripted& s)
{
  Json calls = Json::array();
  for (size_t i = 0; i < s.tool_calls.size(); ++i) {
    calls.push_back({{"id", "call_" + std::to_string(i)},
                     {"type", "function"},
                     {"function", {{"name", s.tool_calls[i].first}, {"arguments", s.tool_calls[i].second.dump()}}}});
  }
  return calls;
}

std::string openai_body(const Scripted& s, const std::string& model, int64_t input)
{
  Json message = {{"role", "assistant"}, {"content", s.text.empty() ? Json(nullptr) : Json(s.text)}};
  if (!s.tool_calls.empty()) {
    message["tool_calls"] = openai_tool_calls(s);
  }
  Json body = {{"id", "chatcmpl-fake1"},
               {"object", "chat.completion"},
               {"created", 1723736362},
               {"model", model},
               {"choices", {{{"index", 0}, {"message", message}, {"logprobs", nullptr},
                             {"finish_reason", s.tool_calls.empty() ? "stop" : "tool_calls"}}}},
               {"usage", openai_usage(s, input)},
               {"system_fingerprint", "fp_fake"}};
  return body.dump();
}

std::vector<std::string> openai_events(const Scripted& s, const std::string& model, int64_t input, bool usage)
{
  auto chunk = [&](Json delta, Json finish = nullptr) {
    return sse({{"id", "chatcmpl-fake1"}, {"object", "chat.completion.chunk"}, {"created", 1723736362},
                {"model", model}, {"choices", {{{"index", 0}, {"delta", delta}, {"logprobs", nullptr},
                                               {"finish_reason", finish}}}}});
  };
  std::vector<std::string> events;
  events.push_back(chunk({{"role", "assistant"}, {"content", ""}}));
  if (!s.thinking.empty()) {
    events.push_back(chunk({{"reasoning_content", s.thinking}}));
  }
  for (const auto& word : words(s.text)) {
    events.push_back(chunk({{"content", word}}));
  }
  for (size_t i = 0; i < s.tool_calls.size(); ++i) {
    const std::string args = s.tool_calls[i].second.dump();
    const auto half = args.size() / 2;
    events.push_back(chunk({{"tool_calls", {{{"index", i}, {"id", "call_" + std::to_string(i)}, {"type", "function"},
                                             {"function", {{"name", s.tool_calls[i].first}, {"arguments", ""}}}}}}}));
    events.push_back(chunk({{"tool_calls", {{{"index", i}, {"function", {{"arguments", args.substr(0, half)}}}}}}}));
    events.push_back(chunk({{"tool_calls", {{{"index", i}, {"function", {{"arguments", args.substr(half)}}}}}}}));
  }
  events.push_back(chunk(Json::object(), s.tool_calls.empty() ? "stop" : "tool_calls"));
  if (usage) {
    events.push_back(sse({{"id", "chatcmpl-fake1"}, {"object", "chat.completion.chunk"}, {"created", 1723736362},
                          {"model", model}, {"choices", Json::array()}, {"usage", openai_usage(s, input)}}));
  }
  events.push_back("data: [DONE]\n\n");
  return events;
}

// --- Anthropic ----------------------------------------------------------------------------

Json anthropic_usage(const Scripted& s, int64_t input, bool with_output)
{
  Json usage = {{"input_tokens", input - s.cached_tokens - s.cache_write_tokens},
                {"cache_creation_input_tokens", s.cache_write_tokens},
                {"cache_read_input_tokens", s.cached_tokens},
                {"output_tokens", with_output ? s.output_tokens : 1}};
  return usage;
}

Json anthropic_content(const Scripted& s)
{
  Json content = Json::array();
  if (!s.thinking.empty()) {
    content.push_back({{"type", "thinking"}, {"thinking", s.thinking}, {"signature", "sig-fake"}});
  }
  if (!s.text.empty()) {
    content.push_back({{"type", "text"}, {"text", s.text}});
  }
  for (size_t i = 0; i < s.tool_calls.size(); ++i) {
    content.push_back({{"type", "tool_use"}, {"id", "toolu_" + std::to_string(i)},
                       {"name", s.tool_calls[i].first}, {"input", s.tool_calls[i].second}});
  }
  return content;
}

std::string anthropic_body(const Scripted& s, const std::string& model, int64_t input)
{
  return Json{{"id", "msg_fake1"}, {"type", "message"}, {"role", "assistant"}, {"model", model},
              {"content", anthropic_content(s)},
              {"stop_reason", s.tool_calls.empty() ? "end_turn" : "tool_use"},
              {"stop_sequence", nullptr},
              {"usage", anthropic_usage(s, input, true)}}
      .dump();
}

void anthropic_block_events(const Scripted& s, std::vector<std::string>& events)
{
  int index = 0;
  if (!s.thinking.empty()) {
    events.push_back(sse("content_block_start", {{"type", "content_block_start"}, {"index", index},
                                                 {"content_block", {{"type", "thinking"}, {"thinking", ""}}}}));
    events.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", index},
                                                 {"delta", {{"type", "thinking_delta"}, {"thinking", s.thinking}}}}));
    events.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", index},
                                                 {"delta", {{"type", "signature_delta"}, {"signature", "sig-fake"}}}}));
    events.push_back(sse("content_block_stop", {{"type", "content_block_stop"}, {"index", index++}}));
  }
  if (!s.text.empty()) {
    events.push_back(sse("content_block_start", {{"type", "content_block_start"}, {"index", index},
                                                 {"content_block", {{"type", "text"}, {"text", ""}}}}));
    for (const auto& word : words(s.text)) {
      events.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", index},
                                                   {"delta", {{"type", "text_delta"}, {"text", word}}}}));
    }
    events.push_back(sse("content_block_stop", {{"type", "content_block_stop"}, {"index", index++}}));
  }
  for (size_t i = 0; i < s.tool_calls.size(); ++i) {
    const std::string args = s.tool_calls[i].second.dump();
    const auto half = args.size() / 2;
    events.push_back(sse("content_block_start",
                         {{"type", "content_block_start"}, {"index", index},
                          {"content_block", {{"type", "tool_use"}, {"id", "toolu_" + std::to_string(i)},
                                             {"name", s.tool_calls[i].first}, {"input", Json::object()}}}}));
    for (const auto& part : {std::string(), args.substr(0, half), args.substr(half)}) {
      events.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", index},
                                                   {"delta", {{"type", "input_json_delta"}, {"partial_json", part}}}}));
    }
    events.push_back(sse("content_block_stop", {{"type", "content_block_stop"}, {"index", index++}}));
  }
}

std::vector<std::string> anthropic_events(const Scripted& s, const std::string& model, int64_t input)
{
  std::vector<std::string> events;
  events.push_back(sse("message_start",
                       {{"type", "message_start"},
                        {"message", {{"id", "msg_fake1"}, {"type", "message"}, {"role", "assistant"},
                                     {"model", model}, {"content", Json::array()}, {"stop_reason", nullptr},
                                     {"stop_sequence", nullptr}, {"usage", anthropic_usage(s, input, false)}}}}));
  events.push_back(sse("ping", {{"type", "ping"}}));
  anthropic_block_events(s, events);
  events.push_back(sse("message_delta", {{"type", "message_delta"},
                                         {"delta", {{"stop_reason", s.tool_calls.empty() ? "end_turn" : "tool_use"},
                                                    {"stop_sequence", nullptr}}},
                                         {"usage", {{"output_tokens", s.output_tokens}}}}));
  events.push_back(sse("message_stop", {{"type", "message_stop"}}));
  return events;
}

} // namespace

std::string Received::header(const std::string& name) const
{
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      return value;
    }
  }
  return {};
}

struct FakeUpstream::Impl {
  httplib::Server server;
  std::atomic<int> cut_by_client{0};
  std::thread thread;
  mutable std::mutex mutex;
  std::deque<FaultSpec> faults;
  Scripted script;
  std::vector<Received> received;
  std::map<std::string, FaultSpec> credential_faults;
  std::shared_ptr<PromptCaches> caches; // set: caching mode

  static std::string credential_of(const Received& r)
  {
    const std::string bearer = r.header("authorization");
    return bearer.rfind("Bearer ", 0) == 0 ? bearer.substr(7) : r.header("x-api-key");
  }

  FaultSpec next_fault(const httplib::Request& req)
  {
    std::lock_guard lock(mutex);
    Received r{req.target.empty() ? req.path : req.target, req.body, {}};
    for (const auto& [k, v] : req.headers) {
      r.headers.emplace_back(k, v);
    }
    const std::string secret = credential_of(r);
    received.push_back(std::move(r));
    if (auto it = credential_faults.find(secret); it != credential_faults.end()) {
      return it->second;
    }
    if (faults.empty()) {
      return {};
    }
    FaultSpec fault = faults.front();
    faults.pop_front();
    return fault;
  }

  // The script for this answer; in caching mode with the simulated cache's usage for `body`.
  Scripted current_script(const std::string& body, bool anthropic) const
  {
    std::shared_ptr<PromptCaches> simulated;
    Scripted out;
    {
      std::lock_guard lock(mutex);
      out = script;
      simulated = caches;
    }
    if (simulated) {
      const CacheOutcome outcome = simulated->send(body, anthropic);
      out.input_tokens = outcome.prompt_tokens;
      out.cached_tokens = outcome.cache_read_tokens;
      out.cache_write_tokens = outcome.cache_write_tokens;
    }
    return out;
  }

  void answer(const httplib::Request& req, httplib::Response& res, bool anthropic, bool responses = false);
};

namespace {

// Writes events one per provider call, applying stream faults and delays.
void stream_events(httplib::Response& res,
                   std::vector<std::string> events,
                   const FaultSpec& fault,
                   int delay_ms,
                   std::atomic<int>& cut_by_client)
{
  auto state = std::make_shared<std::pair<std::vector<std::string>, size_t>>(std::move(events), 0);
  res.set_chunked_content_provider("text/event-stream", [state, fault, delay_ms, &cut_by_client](size_t, httplib::DataSink& sink) {
    auto& [list, next] = *state;
    const size_t cut = std::min<size_t>(3, list.size());
    if (fault.fault == Fault::reset_mid_stream && next == cut) {
      return false; // drop the connection without the terminating chunk
    }
    if (fault.fault == Fault::stall_mid_stream && next == cut) {
      std::this_thread::sleep_for(std::chrono::milliseconds(fault.stall_ms));
    }
    if (fault.fault == Fault::endless_stream) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      const std::string& event = list[std::min(next, list.size() / 2)];
      ++next;
      const bool written = next < 20000 && sink.write(event.data(), event.size());
      if (!written) {
        ++cut_by_client;
      }
      return written;
    }
    if (next >= list.size()) {
      sink.done();
      return true;
    }
    if (delay_ms > 0 && next > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    }
    const std::string& event = list[next++];
    return sink.write(event.data(), event.size());
  });
}

// Responses answers for the fake's /v1/responses, translated from its chat answers.
tokenrouter::stream::TranslateOptions responses_options(const std::string& model)
{
  tokenrouter::stream::TranslateOptions options;
  options.upstream = tokenrouter::model::Dialect::openai_chat;
  options.client = tokenrouter::model::Dialect::openai_responses;
  options.client_model = model;
  options.response_id = "resp_fakeupstream";
  return options;
}

std::string responses_body(const std::string& chat_body, const std::string& model)
{
  auto body = tokenrouter::stream::translate_body(responses_options(model), chat_body);
  return body ? body->body : std::string("{}");
}

std::vector<std::string> responses_events(const std::vector<std::string>& chat_events, const std::string& model)
{
  auto translator = tokenrouter::stream::make_stream_translator(responses_options(model));
  std::vector<std::string> out;
  for (const auto& event : chat_events) {
    if (std::string bytes = translator->feed(event); !bytes.empty()) {
      out.push_back(std::move(bytes));
    }
  }
  out.push_back(translator->take_tail());
  return out;
}

} // namespace

void FakeUpstream::Impl::answer(const httplib::Request& req, httplib::Response& res, bool anthropic, bool responses)
{
  const FaultSpec fault = next_fault(req);
  if (fault.fault == Fault::stall_headers) {
    std::this_thread::sleep_for(std::chrono::milliseconds(fault.stall_ms));
  }
  if (fault.fault == Fault::status) {
    res.status = fault.status;
    if (fault.retry_after_s >= 0) {
      res.set_header("retry-after", std::to_string(fault.retry_after_s));
    }
    res.set_content(fault.body, "application/json");
    return;
  }
  if (fault.fault == Fault::malformed_json) {
    res.set_content("{\"id\": \"oops\", \"choices\": [", "application/json");
    return;
  }
  if (fault.fault == Fault::wrong_content_type) {
    res.set_content("<html>gateway error</html>", "text/html");
    return;
  }
  const Json body = Json::parse(req.body, nullptr, false);
  const Scripted s = current_script(req.body, anthropic);
  const std::string model = body.is_object() ? body.value("model", "unknown") : "unknown";
  const bool stream = body.is_object() && body.value("stream", false);
  const int64_t input = input_of(s, req.body);
  if (responses) { // the Responses API, made from the chat answer by tokenrouter's own writer
    if (!stream) {
      res.set_content(responses_body(openai_body(s, model, input), model), "application/json");
    } else {
      stream_events(res, responses_events(openai_events(s, model, input, true), model), fault,
                    s.event_delay_ms, cut_by_client);
    }
    return;
  }
  if (!stream) {
    res.set_content(anthropic ? anthropic_body(s, model, input) : openai_body(s, model, input), "application/json");
    return;
  }
  if (fault.fault == Fault::malformed_sse) {
    stream_events(res, {"data: {not json\n\n", "data: [DONE]\n\n"}, fault, 0, cut_by_client);
    return;
  }
  const bool usage = body.contains("stream_options") && body["stream_options"].value("include_usage", false);
  stream_events(res, anthropic ? anthropic_events(s, model, input) : openai_events(s, model, input, usage),
                fault, s.event_delay_ms, cut_by_client);
}

FakeUpstream::FakeUpstream() : m_impl(std::make_unique<Impl>())
{
  auto& server = m_impl->server;
  auto* impl = m_impl.get();
  auto openai = [impl](const httplib::Request& req, httplib::Response& res) { impl->answer(req, res, false); };
  auto anthropic = [impl](const httplib::Request& req, httplib::Response& res) { impl->answer(req, res, true); };
  server.Post("/v1/chat/completions", openai);
  server.Post("/chat/completions", openai);
  server.Post("/v1/responses", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->answer(req, res, false, true);
  });
  server.Post("/v1/messages", anthropic);
  server.Post("/v1/messages/count_tokens", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->next_fault(req);
    res.set_content(Json{{"input_tokens", static_cast<int64_t>(req.body.size() / 4)}}.dump(), "application/json");
  });
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_keep_alive_max_count(100000);
  m_port = server.bind_to_any_port("127.0.0.1");
  m_impl->thread = std::thread([impl] { impl->server.listen_after_bind(); });
  while (!server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

FakeUpstream::~FakeUpstream()
{
  m_impl->server.stop();
  if (m_impl->thread.joinable()) {
    m_impl->thread.join();
  }
}

void FakeUpstream::push_fault(FaultSpec fault)
{
  std::lock_guard lock(m_impl->mutex);
  m_impl->faults.push_back(std::move(fault));
}

void FakeUpstream::set_script(Scripted scripted)
{
  std::lock_guard lock(m_impl->mutex);
  m_impl->script = std::move(scripted);
}

void FakeUpstream::simulate_prompt_caching()
{
  std::lock_guard lock(m_impl->mutex);
  m_impl->caches = std::make_shared<PromptCaches>();
}

std::vector<Received> FakeUpstream::received() const
{
  std::lock_guard lock(m_impl->mutex);
  return m_impl->received;
}

void FakeUpstream::fail_credential(std::string secret, FaultSpec fault)
{
  std::lock_guard lock(m_impl->mutex);
  m_impl->credential_faults[std::move(secret)] = std::move(fault);
}

size_t FakeUpstream::calls_with(const std::string& secret) const
{
  std::lock_guard lock(m_impl->mutex);
  size_t n = 0;
  for (const auto& r : m_impl->received) {
    n += Impl::credential_of(r) == secret ? 1 : 0;
  }
  return n;
}

int FakeUpstream::streams_cut_by_client() const
{
  return m_impl->cut_by_client.load();
}

size_t FakeUpstream::calls() const
{
  std::lock_guard lock(m_impl->mutex);
  return m_impl->received.size();
}

void FakeUpstream::clear()
{
  std::lock_guard lock(m_impl->mutex);
  m_impl->received.clear();
  m_impl->faults.clear();
}

} // namespace tokenrouter::testing
