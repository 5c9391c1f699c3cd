// Envelope messages → OpenAI chat messages. Same-dialect messages are rebuilt exactly (extras,
// string-or-parts content, raw tool-call arguments); Anthropic messages are reshaped per
// protocols.md §7: tool_result blocks → `tool` messages, tool_use → tool_calls.
#include "core/outbound/openai_messages.hpp"

#include <algorithm>

namespace tokenrouter::outbound::detail {

namespace {

using model::Block;
using model::Message;
using model::ProviderKind;
using model::Role;
using Kind = model::Block::Kind;

std::string_view role_name(Role role, const Context& context)
{
  switch (role) {
  case Role::system: return "system";
  case Role::developer:
    // Only OpenAI itself knows `developer`; older OpenAI-compatible servers reject it.
    return context.options.provider == ProviderKind::openai ? "developer" : "system";
  case Role::user: return "user";
  case Role::assistant: return "assistant";
  case Role::tool: return "tool";
  }
  return "user";
}

// The blocks OpenAI content can carry (text, image, other); tool and thinking blocks are not.
BlockRefs content_blocks(const std::vector<Block>& blocks)
{
  BlockRefs out;
  out.reserve(blocks.size());
  for (const auto& block : blocks) {
    if (block.kind == Kind::text || block.kind == Kind::image || block.kind == Kind::other) {
      out.push_back(&block);
    }
  }
  return out;
}

Json content_part(const Block& block, const Context& context)
{
  if (block.kind == Kind::other) {
    return context.same ? block.extra : Json();
  }
  Json part = start_object(block.extra, context.same);
  if (block.kind == Kind::text) {
    part["type"] = "text";
    part["text"] = block.text;
  } else if (block.kind == Kind::image) {
    std::string url = url_from_image_source(block.source);
    if (url.empty()) {
      return Json(); // an Anthropic file source has no OpenAI equivalent
    }
    part["type"] = "image_url";
    part["image_url"]["url"] = std::move(url);
  }
  if (context.same && !block.cache_control.is_null()) {
    part["cache_control"] = block.cache_control;
  }
  return part;
}

// A message's content: a string when the client sent one (or the target wants one), else parts;
// null when there is nothing to send.
Json content_value(const BlockRefs& blocks, bool is_string, bool want_string,
                   const Context& context)
{
  if (is_string && is_plain_text(blocks)) {
    return blocks[0]->text;
  }
  const bool all_text = std::all_of(blocks.begin(), blocks.end(),
                                    [](const Block* block) { return block->kind == Kind::text; });
  if (!context.same && want_string && all_text && !blocks.empty()) {
    return join_text(blocks);
  }
  Json parts = Json::array();
  for (const auto* block : blocks) {
    Json part = content_part(*block, context);
    if (!part.is_null()) {
      parts.push_back(std::move(part));
    }
  }
  return parts.empty() ? Json() : parts;
}

// System, developer, tool (OpenAI's own) and user messages without tool results.
Json plain_message(const Message& message, const Context& context)
{
  Json out = start_object(message.extra, context.same);
  out["role"] = role_name(message.role, context);
  const bool want_string =
      message.role != Role::user || context.options.provider != ProviderKind::openai;
  const BlockRefs blocks = content_blocks(message.content);
  Json content = content_value(blocks, message.content_is_string, want_string, context);
  if (!content.is_null()) {
    out["content"] = std::move(content);
  } else if (!context.same) {
    out["content"] = ""; // e.g. only an Anthropic document block, which OpenAI cannot carry
  }
  if (!message.name.empty()) {
    out["name"] = message.name;
  }
  if (!message.tool_call_id.empty()) {
    out["tool_call_id"] = message.tool_call_id;
  }
  return out;
}

Json tool_call(const Block& block, const Context& context)
{
  Json call = start_object(block.extra, context.same);
  call["id"] = block.id;
  if (!call.contains("type")) {
    call["type"] = "function";
    Json& function = call["function"];
    function["name"] = block.name;
    function["arguments"] = context.same            ? block.arguments_raw
                            : block.input.is_null() ? std::string("{}")
                                                    : block.input.dump();
  }
  return call;
}

void append_assistant(Json& out, const Message& message, const Context& context)
{
  Json result = start_object(message.extra, context.same);
  result["role"] = "assistant";
  const BlockRefs blocks = content_blocks(message.content);
  Json content = content_value(blocks, message.content_is_string, true, context);
  Json calls = Json::array();
  std::string reasoning;
  for (const auto& block : message.content) {
    if (block.kind == Kind::tool_use) {
      calls.push_back(tool_call(block, context));
    } else if (block.kind == Kind::thinking && !context.same) {
      reasoning += block.text;
    }
  }
  if (!context.same && content.is_null() && calls.empty()) {
    return; // nothing OpenAI can carry (e.g. a thinking-only turn)
  }
  if (!content.is_null() || !context.same) {
    result["content"] = std::move(content);
  }
  if (!calls.empty()) {
    result["tool_calls"] = std::move(calls);
  }
  // DeepSeek wants the reasoning back on tool-calling turns in thinking mode.
  if (!reasoning.empty() && context.options.provider == ProviderKind::deepseek) {
    result["reasoning_content"] = std::move(reasoning);
  }
  if (!message.name.empty()) {
    result["name"] = message.name;
  }
  out.push_back(std::move(result));
}

// One `tool` message per Anthropic tool_result; its images move to the following user message.
Json tool_message(const Block& result, BlockRefs& images)
{
  std::string text;
  if (result.content_is_string && !result.content.empty()) {
    text = result.content[0].text;
  } else {
    BlockRefs parts;
    for (const auto& block : result.content) {
      parts.push_back(&block);
      if (block.kind == Kind::image) {
        images.push_back(&block);
      }
    }
    text = join_text(parts);
  }
  return Json{{"role", "tool"}, {"tool_call_id", result.id}, {"content", std::move(text)}};
}

void append_user(Json& out, const Message& message, const Context& context)
{
  const bool has_results =
      std::any_of(message.content.begin(), message.content.end(),
                  [](const Block& block) { return block.kind == Kind::tool_result; });
  if (!has_results) {
    out.push_back(plain_message(message, context));
    return;
  }
  BlockRefs rest;
  for (const auto& block : message.content) {
    if (block.kind == Kind::tool_result) {
      out.push_back(tool_message(block, rest));
    }
  }
  for (const auto& block : message.content) {
    if (block.kind != Kind::tool_result) {
      rest.push_back(&block);
    }
  }
  const bool want_string = context.options.provider != ProviderKind::openai;
  Json content = content_value(rest, false, want_string, context);
  if (!content.is_null()) {
    out.push_back(Json{{"role", "user"}, {"content", std::move(content)}});
  }
}

} // namespace

Json build_openai_messages(const Context& context)
{
  const auto& envelope = context.envelope;
  Json out = Json::array();
  if (!envelope.system.empty()) {
    // Anthropic's top-level system: one leading system message.
    out.push_back(
        Json{{"role", "system"}, {"content", join_text(content_blocks(envelope.system))}});
  }
  for (const auto& message : envelope.messages) {
    if (message.role == Role::assistant) {
      append_assistant(out, message, context);
    } else if (message.role == Role::user) {
      append_user(out, message, context);
    } else {
      out.push_back(plain_message(message, context));
    }
  }
  return out;
}

} // namespace tokenrouter::outbound::detail
