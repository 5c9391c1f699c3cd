#include "core/model/dialect.hpp"

namespace tokenrouter::model {

std::string_view to_string(Dialect dialect)
{
  switch (dialect) {
  case Dialect::openai_chat: return "openai_chat";
  case Dialect::anthropic_messages: return "anthropic_messages";
  case Dialect::openai_responses: return "openai_responses";
  }
  return "openai_chat";
}

std::string_view to_string(ProviderKind kind)
{
  switch (kind) {
  case ProviderKind::openai: return "openai";
  case ProviderKind::anthropic: return "anthropic";
  case ProviderKind::deepseek: return "deepseek";
  case ProviderKind::openai_compatible: return "openai-compatible";
  }
  return "openai";
}

std::optional<ProviderKind> provider_kind_from_string(std::string_view text)
{
  if (text == "openai") {
    return ProviderKind::openai;
  }
  if (text == "anthropic") {
    return ProviderKind::anthropic;
  }
  if (text == "deepseek") {
    return ProviderKind::deepseek;
  }
  if (text == "openai-compatible") {
    return ProviderKind::openai_compatible;
  }
  return std::nullopt;
}

Dialect upstream_dialect(ProviderKind kind)
{
  return kind == ProviderKind::anthropic ? Dialect::anthropic_messages : Dialect::openai_chat;
}

} // namespace tokenrouter::model
