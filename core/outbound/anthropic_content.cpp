// Envelope content → Anthropic blocks. Same-dialect blocks are rebuilt field for field
// (signatures, cache_control and unknown fields untouched); OpenAI content is reshaped per
// protocols.md §7.
#include "core/outbound/anthropic_content.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace tokenrouter::outbound::detail {

namespace {

using model::Block;
using model::Message;
using model::Role;
using Kind = model::Block::Kind;

Json render_block(const Block& block, const Context& context);

Json render_blocks(const std::vector<Block>& blocks, const Context& context)
{
  Json out = Json::array();
  for (const auto& block : blocks) {
    Json rendered = render_block(block, context);
    if (!rendered.is_null()) {
      out.push_back(std::move(rendered));
    }
  }
  return out;
}

// `content` of a message or tool_result: the string the client sent, else blocks (null if none).
Json render_content(const std::vector<Block>& blocks, bool is_string, const Context& context)
{
  if (is_string && blocks.size() == 1 && blocks[0].kind == Kind::text &&
      blocks[0].cache_control.is_null() && (blocks[0].extra.is_null() || !context.same)) {
    return blocks[0].text;
  }
  Json out = render_blocks(blocks, context);
  return out.empty() ? Json() : out;
}

void fill_tool_use(Json& out, const Block& block, const Context& context)
{
  out["type"] = "tool_use";
  out["id"] = context.same ? block.id : anthropic_tool_id(block.id);
  out["name"] = block.name;
  if (context.same) {
    if (!block.input.is_null()) {
      out["input"] = block.input;
    }
  } else {
    // OpenAI arguments that were not a JSON object cannot be sent as `input`.
    out["input"] = block.input.is_object() ? block.input : Json::object();
  }
}

void fill_tool_result(Json& out, const Block& block, const Context& context)
{
  out["type"] = "tool_result";
  out["tool_use_id"] = context.same ? block.id : anthropic_tool_id(block.id);
  Json content = render_content(block.content, block.content_is_string, context);
  if (!content.is_null()) {
    out["content"] = std::move(content);
  }
  if (block.is_error) {
    out["is_error"] = true;
  }
}

Json render_block(const Block& block, const Context& context)
{
  if (block.kind == Kind::other) {
    return context.same ? block.extra : Json(); // OpenAI audio/file parts: no Anthropic slot
  }
  if (!context.same && block.kind == Kind::text && block.text.empty()) {
    return Json(); // Anthropic rejects empty text blocks
  }
  Json out = start_object(block.extra, context.same);
  switch (block.kind) {
  case Kind::text:
    out["type"] = "text";
    out["text"] = block.text;
    break;
  case Kind::image:
    out["type"] = "image";
    out["source"] = block.source;
    break;
  case Kind::tool_use: fill_tool_use(out, block, context); break;
  case Kind::tool_result: fill_tool_result(out, block, context); break;
  case Kind::thinking:
    out["type"] = "thinking";
    out["thinking"] = block.text;
    if (!block.signature.empty()) {
      out["signature"] = block.signature;
    }
    break;
  case Kind::redacted_thinking:
    out["type"] = "redacted_thinking";
    out["data"] = block.text;
    break;
  case Kind::other: break;
  }
  if (!block.cache_control.is_null()) {
    out["cache_control"] = block.cache_control; // also OpenAI parts' cache_control (LiteLLM style)
  }
  return out;
}

std::string_view role_name(Role role)
{
  switch (role) {
  case Role::assistant: return "assistant";
  case Role::system: return "system";
  default: return "user";
  }
}

// A user/assistant/system message; null when translating left it empty.
Json render_message(const Message& message, const Context& context)
{
  Json out = start_object(message.extra, context.same);
  out["role"] = role_name(message.role);
  Json content = render_content(message.content, message.content_is_string, context);
  const bool empty_text = content.is_string() && content.get_ref<const std::string&>().empty();
  const bool empty_turn = content.is_null() || (message.role == Role::assistant && empty_text);
  if (empty_turn && !context.same) {
    return Json(); // Anthropic rejects empty turns (an OpenAI assistant "" without tool calls)
  }
  if (!content.is_null()) {
    out["content"] = std::move(content);
  }
  return out;
}

Json tool_result_from_message(const Message& message, const Context& context)
{
  Block result;
  result.kind = Kind::tool_result;
  result.id = message.tool_call_id;
  Json out = Json::object();
  fill_tool_result(out, result, context);
  Json content = render_content(message.content, message.content_is_string, context);
  if (!content.is_null()) {
    out["content"] = std::move(content);
  }
  return out;
}

// Appends a user message's content after the tool results collected in `turn`.
void append_to_turn(Json& turn, const Message& message, const Context& context)
{
  Json content = render_content(message.content, message.content_is_string, context);
  Json& blocks = turn["content"];
  if (content.is_string()) {
    blocks.push_back(Json{{"type", "text"}, {"text", std::move(content)}});
  } else if (content.is_array()) {
    for (auto& block : content) {
      blocks.push_back(std::move(block));
    }
  }
}

bool is_hoisted(const Message& message, const Context& context)
{
  return message.role == Role::developer || (message.role == Role::system && !context.same);
}

} // namespace

Json build_anthropic_system(const Context& context)
{
  const auto& envelope = context.envelope;
  if (context.same) {
    return render_content(envelope.system, envelope.system_is_string, context);
  }
  std::vector<Block> texts; // system/developer text, in order
  const auto collect = [&texts](const std::vector<Block>& blocks) {
    std::copy_if(blocks.begin(), blocks.end(), std::back_inserter(texts), [](const Block& block) {
      return block.kind == Kind::text && !block.text.empty();
    });
  };
  collect(envelope.system);
  for (const auto& message : envelope.messages) {
    if (is_hoisted(message, context)) {
      collect(message.content);
    }
  }
  if (texts.empty()) {
    return Json();
  }
  const bool marked = std::any_of(texts.begin(), texts.end(), [](const Block& block) {
    return !block.cache_control.is_null();
  });
  if (marked) {
    return render_blocks(texts, context);
  }
  BlockRefs refs;
  for (const auto& block : texts) {
    refs.push_back(&block);
  }
  return join_text(refs); // what Anthropic's own OpenAI-compatible layer does
}

Json build_anthropic_messages(const Context& context)
{
  Json out = Json::array();
  std::optional<size_t> tool_turn; // the user message collecting tool_result blocks
  for (const auto& message : context.envelope.messages) {
    if (is_hoisted(message, context)) {
      continue;
    }
    if (message.role == Role::tool) {
      Json result = tool_result_from_message(message, context);
      if (tool_turn) {
        out[*tool_turn]["content"].push_back(std::move(result));
      } else {
        out.push_back(Json{{"role", "user"}, {"content", Json::array({std::move(result)})}});
        tool_turn = out.size() - 1;
      }
      continue;
    }
    if (tool_turn && message.role == Role::user) {
      append_to_turn(out[*tool_turn], message, context);
      tool_turn.reset();
      continue;
    }
    tool_turn.reset();
    Json rendered = render_message(message, context);
    if (!rendered.is_null()) {
      out.push_back(std::move(rendered));
    }
  }
  return out;
}

} // namespace tokenrouter::outbound::detail
