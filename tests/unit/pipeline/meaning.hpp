#pragma once
// What a request asks, for the transparency tests: instructions (top-level system and leading
// system/developer messages, as one block list), the conversation in order, the tools as a set,
// the parameters. Wire form, cache hints (cache_control, prompt_cache_key), tool order and how
// the instructions are split into messages are not meaning.

#include <algorithm>

#include "core/inbound/parse.hpp"
#include "core/pipeline/chunker.hpp"
#include "core/pipeline/logical.hpp"

namespace tokenrouter::test {

inline nlohmann::json meaning(const model::Envelope& envelope)
{
  using nlohmann::json;
  json instructions = pipeline::logical_system(envelope.system);
  const size_t start = pipeline::conversation_start(envelope);
  for (size_t i = 0; i < start; ++i) {
    for (const auto& block : envelope.messages[i].content) {
      instructions.push_back(pipeline::logical_block(block));
    }
  }
  json conversation = json::array();
  for (size_t i = start; i < envelope.messages.size(); ++i) {
    conversation.push_back(pipeline::logical_message(envelope.messages[i]));
  }
  std::vector<json> tools;
  for (const auto& tool : envelope.tools) {
    tools.push_back(pipeline::logical_tool(tool));
  }
  std::sort(tools.begin(), tools.end(), [](const json& a, const json& b) {
    return std::pair(a["name"].get<std::string>(), a.dump()) < std::pair(b["name"].get<std::string>(), b.dump());
  });
  return {{"instructions", instructions},
          {"conversation", conversation},
          {"tools", tools},
          {"parameters", pipeline::logical_parameters(envelope)}};
}

} // namespace tokenrouter::test
