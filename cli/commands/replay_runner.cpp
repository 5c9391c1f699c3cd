#include "cli/commands/replay_runner.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/stream/sse_parser.hpp"
#include "core/stream/usage_codec.hpp"
#include "core/upstream/client.hpp"

namespace tokenrouter::cli {

namespace {

using Json = nlohmann::json;
constexpr int k_progress_width = 30;

model::Usage usage_of_event(model::Dialect dialect, const Json& event, model::Usage usage)
{
  const std::string type = event.value("type", "");
  switch (dialect) {
  case model::Dialect::openai_chat:
    return event.contains("usage") && event["usage"].is_object()
               ? stream::parse_openai_usage(event["usage"])
               : usage;
  case model::Dialect::anthropic_messages:
    if (type == "message_start" && event.contains("message")) {
      return stream::parse_anthropic_usage(event["message"].value("usage", Json::object()));
    }
    return type == "message_delta"
               ? stream::merge_anthropic_usage(usage, event.value("usage", Json::object()))
               : usage;
  case model::Dialect::openai_responses:
    if (type == "response.completed" && event.contains("response")) {
      return stream::parse_responses_usage(event["response"].value("usage", Json::object()));
    }
    return usage;
  }
  return usage;
}

upstream::Request request_for(const replay::Record& record, const ReplayRunOptions& options)
{
  upstream::Request request;
  request.base_url = options.target;
  request.path = record.client_path.empty() ? std::string(replay::path_for(record.client_dialect))
                                            : record.client_path;
  request.headers.emplace_back("Content-Type", "application/json");
  if (!options.key.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + options.key);
  }
  if (record.client_dialect == model::Dialect::anthropic_messages) {
    request.headers.emplace_back("anthropic-version", "2023-06-01");
  }
  request.body = record.client_body.is_string() ? record.client_body.get<std::string>()
                                                : record.client_body.dump();
  return request;
}

// One request, whole or streamed; its status and body.
Result<std::pair<int, std::string>>
exchange(upstream::Client& client, const upstream::Request& request, bool streamed)
{
  if (!streamed) {
    TKR_TRY_ASSIGN(auto response, client.send(request));
    return std::pair{response.status, std::move(response.body)};
  }
  int status = 0;
  std::string body;
  upstream::StreamCallbacks callbacks;
  callbacks.on_head = [&status](int s, const upstream::Headers&) {
    status = s;
    return true;
  };
  callbacks.on_data = [&body](std::string_view data) {
    body.append(data);
    return true;
  };
  TKR_TRY(client.stream(request, callbacks));
  return std::pair{status, std::move(body)};
}

Outcome send_one(upstream::Client& client,
                 const replay::Record& record,
                 const ReplayRunOptions& options,
                 const PriceLookup& prices)
{
  Outcome outcome;
  outcome.model = record.model;
  const auto started = std::chrono::steady_clock::now();
  auto answer = exchange(client, request_for(record, options), record.stream);
  outcome.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
  if (!answer) {
    outcome.error = answer.error().message;
    return outcome;
  }
  outcome.status = answer->first;
  if (outcome.status < 200 || outcome.status >= 300) {
    outcome.error = "HTTP " + std::to_string(outcome.status) + ": " + answer->second.substr(0, 300);
  }
  outcome.usage = usage_of_answer(record.client_dialect, record.stream, answer->second);
  if (auto price = prices(record.model, record.client_dialect)) {
    outcome.priced = true;
    outcome.cost_nanousd = billing::cost_nanousd(outcome.usage, *price);
  }
  return outcome;
}

void draw_progress(size_t done, size_t total)
{
  const auto filled =
      static_cast<int>(total == 0 ? k_progress_width : done * k_progress_width / total);
  std::cout << "\r[" << std::string(static_cast<size_t>(filled), '#')
            << std::string(static_cast<size_t>(k_progress_width - filled), '.') << "] " << done
            << "/" << total << (done == total ? "\r\x1b[K" : "") << std::flush;
}

} // namespace

model::Usage usage_of_answer(model::Dialect dialect, bool streamed, const std::string& body)
{
  if (!streamed) {
    const Json parsed = Json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("usage") || !parsed["usage"].is_object()) {
      return {};
    }
    switch (dialect) {
    case model::Dialect::anthropic_messages:
      return stream::parse_anthropic_usage(parsed["usage"]);
    case model::Dialect::openai_responses:
      return stream::parse_responses_usage(parsed["usage"]);
    case model::Dialect::openai_chat:
      return stream::parse_openai_usage(parsed["usage"]);
    }
    return {};
  }
  stream::SseParser parser;
  auto events = parser.feed(body + "\n\n");
  model::Usage usage;
  for (const auto& event : events ? *events : std::vector<stream::SseEvent>{}) {
    const Json parsed = Json::parse(event.data, nullptr, false);
    if (parsed.is_object()) {
      usage = usage_of_event(dialect, parsed, usage);
    }
  }
  return usage;
}

std::vector<Outcome> run_replay(const std::vector<replay::Record>& records,
                                const ReplayRunOptions& options,
                                const PriceLookup& prices)
{
  upstream::Client client({10, 600, 600, 3600});
  std::vector<Outcome> outcomes(records.size());
  std::atomic<size_t> next{0};
  size_t done = 0;
  std::mutex progress_mutex;
  const auto work = [&] {
    for (size_t i = next++; i < records.size(); i = next++) {
      outcomes[i] = send_one(client, records[i], options, prices);
      std::lock_guard lock(progress_mutex);
      ++done;
      if (options.progress) {
        draw_progress(done, records.size());
      }
    }
  };
  std::vector<std::thread> workers;
  for (int j = 1; j < std::max(1, options.jobs); ++j) {
    workers.emplace_back(work);
  }
  work();
  for (auto& worker : workers) {
    worker.join();
  }
  return outcomes;
}

} // namespace tokenrouter::cli
