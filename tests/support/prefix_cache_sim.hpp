#pragma once
// Simulated provider prefix caches, fed the exact upstream bodies: used by the fake upstream's
// caching mode (fake_upstream.hpp, simulate_prompt_caching) and by bench/cache_effect in process.
// Bodies are parsed keeping their key order (ordered_json), so each part is compared in the
// bytes it was sent in (compact JSON, as tokenrouter and most SDKs send it).
//   OpenAI: automatic, on the longest byte prefix shared with an earlier request of the same
//     prompt_cache_key bucket, in the provider's rendering order (model, tools, then messages);
//     nothing below 1024 tokens, counted in 128-token steps; no write charge.
//   Anthropic: entries exist only where an earlier request put a breakpoint; a read walks back
//     at most 20 blocks from each breakpoint; the prefix is matched on content (a string and
//     one text block are the same tokens, cache_control and the order of a block's own fields
//     are not content); writes below the model's minimum cacheable length are not made.
// Tokens are bytes/4 (core/pipeline/token_estimate.hpp), the gateway's own estimate.

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pipeline/cache_inject.hpp"
#include "core/pipeline/token_estimate.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::testing {

using WireJson = nlohmann::ordered_json;

struct CacheOutcome {
  int64_t prompt_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
};

class OpenAiCache {
public:
  CacheOutcome send(const WireJson& body)
  {
    std::string rendered = body.value("model", "") + "\n";
    for (const auto& tool : body.value("tools", WireJson::array())) {
      rendered += tool.dump();
    }
    for (const auto& message : body.value("messages", WireJson::array())) {
      rendered += message.dump();
    }
    auto& seen = m_buckets[body.value("prompt_cache_key", "")];
    size_t longest = 0;
    for (const auto& earlier : seen) {
      const auto diff = std::mismatch(rendered.begin(), rendered.end(), earlier.begin(), earlier.end());
      longest = std::max(longest, static_cast<size_t>(diff.first - rendered.begin()));
    }
    seen.push_back(rendered);
    const int64_t tokens = static_cast<int64_t>(longest / 4);
    CacheOutcome out;
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

  CacheOutcome send(const WireJson& body)
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
    WireJson value;
    bool marked = false;
  };

  static bool has_mark(const WireJson& value)
  {
    if (value.is_object() && value.contains("cache_control")) {
      return true;
    }
    return value.is_structured() && std::any_of(value.begin(), value.end(), has_mark);
  }

  static WireJson text_block(const WireJson& text) { return {{"type", "text"}, {"text", text}}; }

  // tools → system → messages, one entry per block (the unit of the 20-block lookback).
  static std::vector<Block> flatten(const WireJson& body)
  {
    std::vector<Block> out;
    for (const auto& tool : body.value("tools", WireJson::array())) {
      out.push_back({tool, has_mark(tool)});
    }
    const WireJson system = body.value("system", WireJson::array());
    for (const auto& block : system.is_string() ? WireJson::array({text_block(system)}) : system) {
      out.push_back({block, has_mark(block)});
    }
    for (const auto& message : body.value("messages", WireJson::array())) {
      const WireJson& content = message["content"];
      bool first = true;
      for (const auto& block : content.is_string() ? WireJson::array({text_block(content)}) : content) {
        WireJson tagged = block;
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
  static std::string content_of(WireJson block)
  {
    block.erase("cache_control");
    if (block.contains("content") && block["content"].is_array()) {
      for (auto& inner : block["content"]) {
        inner.erase("cache_control");
      }
      const WireJson& content = block["content"];
      if (content.size() == 1 && content[0].value("type", "") == "text" && content[0].size() == 2) {
        block["content"] = content[0]["text"];
      }
    }
    // A block's own fields in a fixed order: where a field stands on the wire is not content
    // (values, e.g. a tool_use input, keep their order: that is rendered as sent).
    std::map<std::string, std::string> fields;
    for (const auto& [key, value] : block.items()) {
      fields[key] = value.dump();
    }
    std::string out;
    for (const auto& [key, value] : fields) {
      out += key + "=" + value + ";";
    }
    return out;
  }

  CacheOutcome settle(const std::vector<std::string>& hashes, const std::vector<int64_t>& tokens,
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

// One provider account's caches (an OpenAI org, an Anthropic workspace) as a fake upstream
// keeps them: fed raw request bodies, from any thread. A body without messages reads nothing.
class PromptCaches {
public:
  CacheOutcome send(const std::string& raw, bool anthropic)
  {
    const WireJson body = WireJson::parse(raw, nullptr, false);
    if (!body.is_object() || !body.contains("messages")) {
      return {};
    }
    std::lock_guard lock(m_mutex);
    if (!anthropic) {
      return m_openai.send(body);
    }
    const std::string model = body.value("model", "");
    auto it = m_anthropic.try_emplace(model, pipeline::min_cacheable_tokens(model)).first;
    return it->second.send(body);
  }

private:
  std::mutex m_mutex;
  OpenAiCache m_openai;
  std::map<std::string, AnthropicCache> m_anthropic; // per model: entries are per model
};

} // namespace tokenrouter::testing
