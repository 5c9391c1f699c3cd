#pragma once
// A synthetic agent session (bench/cache_effect, tests/integration/test_cache_effect.cpp): a large system prompt, 18 tools, 24 turns
// of tool calls and results (some parallel), with a user follow-up now and then. Each turn's
// request is the whole session so far, as an OpenAI-format client sends it. The "unstable"
// client re-serialises every request the way hash-map based clients do: tools in a different
// order, keys of schemas and tool-call arguments in a different order, different spacing.

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/unit/pipeline/random_request.hpp"

namespace tokenrouter::testing {

using Json = nlohmann::json;

inline std::string filler(std::mt19937& rng, size_t bytes)
{
  static const std::vector<std::string> k_words{
      "the", "agent", "must", "read", "files", "before", "editing", "them", "and", "run",
      "tests", "after", "each", "change", "report", "errors", "clearly", "repository", "module",
      "function", "returns", "value", "when", "input", "is", "empty", "otherwise", "raises"};
  std::string out;
  while (out.size() < bytes) {
    out += k_words[rng() % k_words.size()];
    out += rng() % 13 == 0 ? ".\n" : " ";
  }
  return out;
}

struct Session {
  std::string system;
  Json tools = Json::array();      // OpenAI function tools, in the client's base order
  std::vector<Json> requests_messages; // messages of each turn's request
};

inline Json make_tool(std::mt19937& rng, int index)
{
  Json properties = Json::object();
  for (int p = 0, n = 3 + static_cast<int>(rng() % 4); p < n; ++p) {
    properties["arg_" + std::to_string(p)] = {
        {"type", p % 2 ? "string" : "integer"}, {"description", filler(rng, 120)}, {"minimum", 0}};
  }
  return {{"type", "function"},
          {"function",
           {{"name", "tool_" + std::string(1, static_cast<char>('a' + index))},
            {"description", filler(rng, 500)},
            {"parameters", {{"type", "object"}, {"properties", properties},
                            {"required", Json::array({"arg_0"})}}}}}};
}

// One assistant step: 1–3 tool calls and their results.
inline void add_tool_step(std::mt19937& rng, Json& messages, int step, int tools)
{
  Json calls = Json::array();
  std::vector<std::string> ids;
  for (int c = 0, n = step % 5 == 4 ? 3 : 1 + static_cast<int>(rng() % 2); c < n; ++c) {
    ids.push_back("call_" + std::to_string(step) + "_" + std::to_string(c));
    const Json arguments = {{"path", "src/module_" + std::to_string(rng() % 40) + ".py"},
                            {"line", static_cast<int>(rng() % 500)},
                            {"options", {{"recursive", true}, {"limit", 200}}}};
    calls.push_back({{"id", ids.back()}, {"type", "function"},
                     {"function", {{"name", "tool_" + std::string(1, static_cast<char>('a' + rng() % tools))},
                                   {"arguments", arguments.dump()}}}});
  }
  messages.push_back({{"role", "assistant"}, {"content", nullptr}, {"tool_calls", calls}});
  for (const auto& id : ids) {
    messages.push_back({{"role", "tool"}, {"tool_call_id", id}, {"content", filler(rng, 1500 + rng() % 3000)}});
  }
}

inline Session make_session(int turns = 24, int tools = 18)
{
  std::mt19937 rng(2024);
  Session out;
  out.system = filler(rng, 24000); // ~6000 tokens
  for (int i = 0; i < tools; ++i) {
    out.tools.push_back(make_tool(rng, i));
  }
  Json messages = Json::array({{{"role", "system"}, {"content", out.system}},
                               {{"role", "user"}, {"content", "Fix the failing tests. " + filler(rng, 400)}}});
  out.requests_messages.push_back(messages);
  for (int step = 1; step < turns; ++step) {
    if (step % 6 == 0) {
      messages.push_back({{"role", "assistant"}, {"content", filler(rng, 600)}});
      messages.push_back({{"role", "user"}, {"content", "Continue. " + filler(rng, 200)}});
    } else {
      add_tool_step(rng, messages, step, tools);
    }
    out.requests_messages.push_back(messages);
  }
  return out;
}

// Re-serialises tool-call argument strings like a client whose maps have no stable order.
inline Json unstable_messages(Json messages, std::mt19937& rng)
{
  for (auto& message : messages) {
    if (!message.contains("tool_calls")) {
      continue;
    }
    for (auto& call : message["tool_calls"]) {
      auto& arguments = call["function"]["arguments"];
      arguments = test::random_dump(Json::parse(arguments.get<std::string>()), rng, true);
    }
  }
  return messages;
}

// The client's body for turn `turn`; `unstable` shuffles tools and re-serialises as above.
inline std::string client_body(const Session& session, size_t turn, bool unstable, const std::string& model)
{
  std::mt19937 rng(static_cast<uint32_t>(977 * turn + 1));
  Json tools = session.tools;
  Json messages = session.requests_messages[turn];
  if (unstable) {
    std::shuffle(tools.begin(), tools.end(), rng);
    messages = unstable_messages(std::move(messages), rng);
  }
  const Json body = {{"model", model}, {"messages", messages}, {"tools", tools}, {"max_tokens", 4096},
                     {"temperature", 0.2}};
  return unstable ? test::random_dump(body, rng, true) : body.dump();
}

} // namespace tokenrouter::testing
