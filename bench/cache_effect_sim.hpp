#pragma once
// Simulated provider prefix caches for bench/cache_effect, fed the exact upstream bodies.
//   OpenAI: automatic, on the longest byte prefix shared with an earlier request of the same
//     prompt_cache_key bucket, in the provider's rendering order (tools, then messages);
//     nothing below 1024 tokens, counted in 128-token steps.
//   Anthropic: entries exist only where an earlier request put a breakpoint; a read walks back
//     at most 20 blocks from each breakpoint; the prefix is matched on content (a string and
//     one text block are the same tokens, cache_control is not content); writes below the
//     model's minimum cacheable length are not made.
// Tokens are bytes/4 (core/pipeline/token_estimate.hpp), as everywhere in the bench.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pipeline/token_estimate.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::bench {

using Json = nlohmann::json;

struct Outcome {
  int64_t prompt_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
};

class OpenAiCache {
public:
  // `serialize` is how the gateway turned JSON into bytes (dump or canonical).
  template <class Serialize>
  Outcome send(const Json& body, Serialize serialize)
  {
    std::string rendered = body.value("model", "") + "\n";
    for (const auto& tool : body.value("tools", Json::array())) {
      rendered += serialize(tool);
    }
    for (const auto& message : body["messages"]) {
      rendered += serialize(message);
    }
    auto& seen = m_buckets[body.value("prompt_cache_key", "")];
    size_t longest = 0;
    for (const auto& earlier : seen) {
      const auto diff = std::mismatch(rendered.begin(), rendered.end(), earlier.begin(), earlier.end());
      longest = std::max(longest, static_cast<size_t>(diff.first - rendered.begin()));
    }
    seen.push_back(rendered);
    const int64_t tokens = static_cast<int64_t>(longest / 4);
    Outcome out;
    out.prompt_tokens = pipeline::estimate_tokens(rendered);
    out.cache_read_tokens = tokens < 1024 ? 0 : tokens / 128 * 128;
    return out;
  }

private:
  std::map<std::string, std::vector<std::string>> m_buckets;
};

class AnthropicCache {
public:
  explicit AnthropicCache(int64_t minimum) : m_minimum(minimum) {}

  Outcome send(const Json& body)
  {
    const auto blocks = flatten(body);
    std::vector<std::string> hashes;
    std::vector<int64_t> tokens;
    std::vector<size_t> breakpoints;
    std::string chain;
    int64_t total = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
      chain = util::sha256_hex(chain + content_of(blocks[i].value));
      total += pipeline::estimate_tokens(content_of(blocks[i].value));
      hashes.push_back(chain);
      tokens.push_back(total);
      if (blocks[i].marked) {
        breakpoints.push_back(i);
      }
    }
    if (body.contains("cache_control") && !blocks.empty()) {
      breakpoints.push_back(blocks.size() - 1); // automatic: the last block
    }
    return settle(hashes, tokens, breakpoints, total);
  }

private:
  struct Block {
    Json value;
    bool marked = false;
  };

  static bool has_mark(const Json& value)
  {
    if (value.is_object() && value.contains("cache_control")) {
      return true;
    }
    return value.is_structured() && std::any_of(value.begin(), value.end(), has_mark);
  }

  static Json text_block(const Json& text) { return {{"type", "text"}, {"text", text}}; }

  // tools → system → messages, one entry per block (the unit of the 20-block lookback).
  static std::vector<Block> flatten(const Json& body)
  {
    std::vector<Block> out;
    for (const auto& tool : body.value("tools", Json::array())) {
      out.push_back({tool, has_mark(tool)});
    }
    const Json system = body.value("system", Json::array());
    for (const auto& block : system.is_string() ? Json::array({text_block(system)}) : system) {
      out.push_back({block, has_mark(block)});
    }
    for (const auto& message : body["messages"]) {
      const Json& content = message["content"];
      bool first = true;
      for (const auto& block : content.is_string() ? Json::array({text_block(content)}) : content) {
        Json tagged = block;
        if (first) {
          tagged["role"] = message["role"]; // the turn boundary is content too
          first = false;
        }
        out.push_back({tagged, has_mark(block)});
      }
    }
    return out;
  }

  // What the model sees: no cache_control; one text block in a tool_result equals its string.
  static std::string content_of(Json block)
  {
    block.erase("cache_control");
    if (block.contains("content") && block["content"].is_array()) {
      for (auto& inner : block["content"]) {
        inner.erase("cache_control");
      }
      const Json& content = block["content"];
      if (content.size() == 1 && content[0].value("type", "") == "text" && content[0].size() == 2) {
        block["content"] = content[0]["text"];
      }
    }
    return block.dump();
  }

  Outcome settle(const std::vector<std::string>& hashes, const std::vector<int64_t>& tokens,
                 const std::vector<size_t>& breakpoints, int64_t total)
  {
    int64_t read = 0;
    for (const size_t b : breakpoints) {
      for (size_t back = 0; back < 20 && back <= b; ++back) {
        if (m_entries.count(hashes[b - back]) != 0) {
          read = std::max(read, tokens[b - back]);
          break;
        }
      }
    }
    int64_t written_to = read;
    for (const size_t b : breakpoints) {
      if (tokens[b] >= m_minimum) {
        m_entries.insert(hashes[b]);
        written_to = std::max(written_to, tokens[b]);
      }
    }
    return {total, read, written_to - read};
  }

  int64_t m_minimum;
  std::set<std::string> m_entries;
};

} // namespace tokenrouter::bench
