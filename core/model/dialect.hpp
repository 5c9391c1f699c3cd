#pragma once
// The wire formats tokenrouter speaks, on either side.

#include <optional>
#include <string_view>

namespace tokenrouter::model {

// What a client speaks (inbound) or an upstream expects (outbound).
enum class Dialect {
  openai_chat,        // POST /v1/chat/completions
  anthropic_messages, // POST /v1/messages
  openai_responses,   // POST /v1/responses
};

// The kinds of upstream provider of the config (`[[providers]] kind`).
enum class ProviderKind { openai, anthropic, deepseek, openai_compatible };

std::string_view to_string(Dialect dialect);
std::string_view to_string(ProviderKind kind);
std::optional<ProviderKind> provider_kind_from_string(std::string_view text);

// The dialect an upstream of `kind` is spoken to in for chat requests.
Dialect upstream_dialect(ProviderKind kind);

} // namespace tokenrouter::model
