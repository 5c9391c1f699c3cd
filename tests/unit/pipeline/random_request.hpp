#pragma once
// Random requests for the pipeline's property tests: one logical request (a seed), written out
// in many byte forms — keys in random order, random whitespace, numbers as 2 / 2.0 / 2e0 inside
// schemas and arguments, optional escapes (\/ and \u00e9), string or one-text-block content,
// tools in random order. Every form means the same request.

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tokenrouter::test {

using Json = nlohmann::json;
using Rng = std::mt19937;

inline size_t pick(Rng& rng, size_t n)
{
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}

inline bool coin(Rng& rng) { return pick(rng, 2) == 0; }

inline std::string whitespace(Rng& rng, bool vary)
{
  static const std::vector<std::string> k_spaces{"", "", " ", "\n", "\t", "  \n "};
  return vary ? k_spaces[pick(rng, k_spaces.size())] : "";
}

inline std::string dump_string(const std::string& text, Rng& rng, bool vary)
{
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (vary && c == '/' && coin(rng)) {
      out += "\\/";
    } else if (vary && text.compare(i, 2, "\xc3\xa9") == 0 && coin(rng)) {
      out += "\\u00e9";
      ++i;
    } else if (vary && c == 'a' && pick(rng, 8) == 0) {
      out += "\\u0061";
    } else if (c < 0) {
      out += c; // a UTF-8 continuation or lead byte, raw
    } else {
      const std::string escaped = Json(std::string(1, c)).dump();
      out += escaped.substr(1, escaped.size() - 2);
    }
  }
  return out + "\"";
}

inline std::string dump_number(const Json& value, Rng& rng, bool vary)
{
  if (!vary || !value.is_number_integer()) {
    return value.dump();
  }
  const std::string digits = value.dump();
  switch (pick(rng, 3)) {
  case 0: return digits + ".0";
  case 1: return digits + "e0";
  default: return digits;
  }
}

// `value` written with random key order and whitespace; `numbers` varies integral numbers.
inline std::string random_dump(const Json& value, Rng& rng, bool vary, bool numbers = false)
{
  if (value.is_object()) {
    std::vector<std::string> keys;
    for (const auto& item : value.items()) {
      keys.push_back(item.key());
    }
    if (vary) {
      std::shuffle(keys.begin(), keys.end(), rng);
    }
    std::string out = "{" + whitespace(rng, vary);
    for (size_t i = 0; i < keys.size(); ++i) {
      const bool deep = numbers || keys[i] == "parameters" || keys[i] == "input_schema"
                        || keys[i] == "input";
      out += (i ? "," + whitespace(rng, vary) : "") + dump_string(keys[i], rng, vary) + ":"
             + whitespace(rng, vary) + random_dump(value[keys[i]], rng, vary, deep);
    }
    return out + whitespace(rng, vary) + "}";
  }
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i) {
      out += (i ? "," + whitespace(rng, vary) : "") + random_dump(value[i], rng, vary, numbers);
    }
    return out + "]";
  }
  if (value.is_string()) {
    return dump_string(value.get<std::string>(), rng, vary);
  }
  return value.is_number() ? dump_number(value, rng, vary && numbers) : value.dump();
}

// --- The logical request ----------------------------------------------------------------------

struct LogicalCall {
  std::string id;
  std::string name;
  Json arguments;
  std::string result;
};

struct LogicalTurn {
  std::string user;              // "" = the turn starts with tool results only
  std::string answer;            // assistant text
  std::vector<LogicalCall> calls;
};

struct LogicalRequest {
  std::string model;
  std::vector<std::string> system;
  std::vector<Json> tools; // {name, description, schema}
  std::vector<LogicalTurn> turns;
  std::string final_user;  // the current turn's user text ("" = tool results end the request)
  double temperature = 0.5;
};

inline std::string random_text(Rng& rng, size_t words)
{
  static const std::vector<std::string> k_words{"read", "the", "file", "café", "path/to/x",
                                                "then", "fix", "tests", "naïve", "\"quoted\"",
                                                "line\nbreak", "tab\there", "résumé", "a/b"};
  std::string out;
  for (size_t i = 0; i < words; ++i) {
    out += (i ? " " : "") + k_words[pick(rng, k_words.size())];
  }
  return out;
}

inline Json random_value(Rng& rng, int depth)
{
  switch (pick(rng, depth > 1 ? 4 : 6)) {
  case 0: return static_cast<int64_t>(pick(rng, 1000));
  case 1: return random_text(rng, 1 + pick(rng, 3));
  case 2: return coin(rng);
  case 3: return 0.25 * static_cast<double>(pick(rng, 9) + 1) + 0.125;
  case 4: {
    Json object = Json::object();
    for (size_t i = 0, n = 1 + pick(rng, 3); i < n; ++i) {
      object["k" + std::to_string(pick(rng, 20))] = random_value(rng, depth + 1);
    }
    return object;
  }
  default: return Json::array({random_value(rng, depth + 1), random_value(rng, depth + 1)});
  }
}

inline Json random_object(Rng& rng)
{
  Json object = Json::object();
  for (size_t i = 0, n = 1 + pick(rng, 4); i < n; ++i) {
    object["k" + std::to_string(pick(rng, 20))] = random_value(rng, 0);
  }
  return object;
}

inline Json random_schema(Rng& rng)
{
  Json properties = Json::object();
  for (size_t i = 0, n = 1 + pick(rng, 4); i < n; ++i) {
    properties["p" + std::to_string(i)] = {{"type", coin(rng) ? "string" : "integer"},
                                           {"description", random_text(rng, 3)},
                                           {"minimum", static_cast<int64_t>(pick(rng, 3))}};
  }
  return {{"type", "object"}, {"properties", properties}, {"required", Json::array({"p0"})}};
}

inline LogicalRequest random_request(uint32_t seed)
{
  Rng rng(seed);
  static const std::vector<std::string> k_names{"read_file", "write_file", "bash", "grep", "glob",
                                                "edit", "list_dir", "web_fetch", "todo"};
  LogicalRequest out;
  out.model = "m-" + std::to_string(seed % 3);
  for (size_t i = 0, n = 1 + pick(rng, 2); i < n; ++i) {
    out.system.push_back(random_text(rng, 5 + pick(rng, 10)));
  }
  for (size_t i = 0, n = pick(rng, k_names.size()); i < n; ++i) {
    out.tools.push_back({{"name", k_names[i]}, {"description", random_text(rng, 4)},
                         {"schema", random_schema(rng)}});
  }
  int call_id = 0;
  for (size_t t = 0, n = pick(rng, 5); t < n; ++t) {
    LogicalTurn turn;
    turn.user = t == 0 || coin(rng) ? random_text(rng, 6) : "";
    turn.answer = random_text(rng, 4);
    for (size_t c = 0, calls = out.tools.empty() ? 0 : pick(rng, 3); c < calls; ++c) {
      turn.calls.push_back({"call_" + std::to_string(++call_id),
                            out.tools[pick(rng, out.tools.size())]["name"].get<std::string>(),
                            random_object(rng),
                            random_text(rng, 8)});
    }
    out.turns.push_back(std::move(turn));
  }
  out.final_user = random_text(rng, 5);
  out.temperature = coin(rng) ? 1.0 : 0.5;
  return out;
}

// --- Wire forms ------------------------------------------------------------------------------

// A text content, as a string or as one text block/part.
inline Json text_content(const std::string& text, Rng& rng, bool vary)
{
  if (vary && coin(rng)) {
    return Json::array({{{"type", "text"}, {"text", text}}});
  }
  return text;
}

inline std::string openai_body(const LogicalRequest& request, Rng& rng, bool vary)
{
  Json messages = Json::array();
  for (const auto& text : request.system) {
    messages.push_back({{"role", "system"}, {"content", text_content(text, rng, vary)}});
  }
  for (const auto& turn : request.turns) {
    if (!turn.user.empty()) {
      messages.push_back({{"role", "user"}, {"content", text_content(turn.user, rng, vary)}});
    }
    Json assistant = {{"role", "assistant"}, {"content", turn.answer}};
    for (const auto& call : turn.calls) {
      assistant["tool_calls"].push_back(
          {{"id", call.id},
           {"type", "function"},
           {"function", {{"name", call.name}, {"arguments", random_dump(call.arguments, rng, vary, true)}}}});
    }
    messages.push_back(assistant);
    for (const auto& call : turn.calls) {
      messages.push_back(
          {{"role", "tool"}, {"tool_call_id", call.id}, {"content", text_content(call.result, rng, vary)}});
    }
  }
  messages.push_back({{"role", "user"}, {"content", text_content(request.final_user, rng, vary)}});
  Json tools = Json::array();
  for (const auto& tool : request.tools) {
    tools.push_back({{"type", "function"},
                     {"function",
                      {{"name", tool["name"]}, {"description", tool["description"]},
                       {"parameters", tool["schema"]}}}});
  }
  if (vary) {
    std::shuffle(tools.begin(), tools.end(), rng);
  }
  Json body = {{"model", request.model}, {"messages", messages}, {"temperature", request.temperature},
               {"max_tokens", 1000}};
  if (!tools.empty()) {
    body["tools"] = tools;
  }
  return random_dump(body, rng, vary);
}

inline std::string anthropic_body(const LogicalRequest& request, Rng& rng, bool vary)
{
  Json system = Json::array();
  for (const auto& text : request.system) {
    system.push_back({{"type", "text"}, {"text", text}});
  }
  Json messages = Json::array();
  Json pending = Json::array(); // tool results waiting for the next user message
  for (const auto& turn : request.turns) {
    if (!turn.user.empty() || !pending.empty()) {
      if (!turn.user.empty()) {
        pending.push_back({{"type", "text"}, {"text", turn.user}});
      }
      messages.push_back({{"role", "user"}, {"content", pending}});
      pending = Json::array();
    }
    Json content = Json::array({{{"type", "text"}, {"text", turn.answer}}});
    for (const auto& call : turn.calls) {
      content.push_back({{"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", call.arguments}});
      pending.push_back({{"type", "tool_result"}, {"tool_use_id", call.id},
                         {"content", text_content(call.result, rng, vary)}});
    }
    messages.push_back({{"role", "assistant"}, {"content", content}});
  }
  pending.push_back({{"type", "text"}, {"text", request.final_user}});
  messages.push_back({{"role", "user"}, {"content", pending}});
  Json tools = Json::array();
  for (const auto& tool : request.tools) {
    tools.push_back({{"name", tool["name"]}, {"description", tool["description"]},
                     {"input_schema", tool["schema"]}});
  }
  if (vary) {
    std::shuffle(tools.begin(), tools.end(), rng);
  }
  Json body = {{"model", request.model}, {"messages", messages}, {"max_tokens", 1000},
               {"temperature", request.temperature}};
  body["system"] = system.size() == 1 && vary && coin(rng) ? Json(request.system[0]) : system;
  if (!tools.empty()) {
    body["tools"] = tools;
  }
  return random_dump(body, rng, vary);
}

} // namespace tokenrouter::test
