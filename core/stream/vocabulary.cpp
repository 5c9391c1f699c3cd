#include "core/stream/vocabulary.hpp"

#include <array>
#include <cstdint>
#include <ctime>
#include <utility>

namespace tokenrouter::stream {

namespace {

using Pair = std::pair<std::string_view, std::string_view>;

constexpr std::array<Pair, 7> k_anthropic_to_openai{{
    {"end_turn", "stop"},
    {"stop_sequence", "stop"},
    {"pause_turn", "stop"},
    {"max_tokens", "length"},
    {"model_context_window_exceeded", "length"},
    {"tool_use", "tool_calls"},
    {"refusal", "content_filter"},
}};

constexpr std::array<Pair, 5> k_openai_to_anthropic{{
    {"stop", "end_turn"},
    {"length", "max_tokens"},
    {"tool_calls", "tool_use"},
    {"function_call", "tool_use"},
    {"content_filter", "refusal"},
}};

template <size_t N>
std::string_view lookup(const std::array<Pair, N>& table, std::string_view key,
                        std::string_view fallback)
{
  for (const auto& [from, to] : table) {
    if (from == key) {
      return to;
    }
  }
  return fallback;
}

std::string reprefix(std::string_view id, std::string_view from, std::string_view to)
{
  if (id.substr(0, from.size()) == from) {
    id.remove_prefix(from.size());
  }
  if (id.empty()) {
    id = "tokenrouter";
  }
  return std::string(to).append(id);
}

} // namespace

std::string_view openai_finish_reason(std::string_view anthropic_stop_reason)
{
  return lookup(k_anthropic_to_openai, anthropic_stop_reason, "stop");
}

std::string_view anthropic_stop_reason(std::string_view openai_finish_reason)
{
  return lookup(k_openai_to_anthropic, openai_finish_reason, "end_turn");
}

std::string openai_id_from(std::string_view anthropic_id)
{
  return reprefix(anthropic_id, "msg_", "chatcmpl-");
}

std::string anthropic_id_from(std::string_view openai_id)
{
  return reprefix(openai_id, "chatcmpl-", "msg_");
}

int64_t created_time(int64_t configured)
{
  return configured > 0 ? configured : static_cast<int64_t>(std::time(nullptr));
}

std::string tool_use_id_from(std::string_view openai_call_id, std::string_view response_id,
                             int64_t index)
{
  if (!openai_call_id.empty()) {
    return std::string(openai_call_id);
  }
  const std::string_view from = response_id.substr(0, 4) == "msg_" ? "msg_" : "chatcmpl-";
  return reprefix(response_id, from, "toolu_") + "_" + std::to_string(index);
}

} // namespace tokenrouter::stream
