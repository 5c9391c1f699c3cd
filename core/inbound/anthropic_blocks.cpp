// Anthropic content blocks → Envelope blocks. Signatures, cache_control and every unknown field
// are moved over untouched, so a same-dialect round trip is byte-identical in meaning.
#include "core/inbound/anthropic_blocks.hpp"

#include "core/inbound/fields.hpp"

namespace tokenrouter::inbound::detail {

namespace {

using model::Block;
using model::Message;
using model::Role;

Status parse_tool_result(Json& block, Block& out, const std::string& path)
{
  TKR_TRY_ASSIGN(out.id, take_required_string(block, "tool_use_id", path));
  TKR_TRY_ASSIGN(out.is_error, take_true(block, "is_error", path));
  const auto it = block.find("content");
  if (it == block.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  if (it->is_string()) {
    Block text;
    text.text = std::move(it->get_ref<std::string&>());
    out.content.push_back(std::move(text));
    out.content_is_string = true;
  } else if (it->is_array()) {
    TKR_TRY_ASSIGN(out.content, parse_anthropic_blocks(*it, at(path, "content")));
  } else {
    return invalid(at(path, "content"), "expected string or array");
  }
  block.erase(it);
  return {};
}

Status parse_known_block(Json& block, Block& out, const std::string& type, const std::string& path)
{
  if (type == "text") {
    TKR_TRY_ASSIGN(out.text, take_required_string(block, "text", path));
  } else if (type == "image") {
    out.kind = Block::Kind::image;
    TKR_TRY_ASSIGN(out.source, take_object(block, "source", path));
    if (out.source.is_null()) {
      return invalid(at(path, "source"), "expected object");
    }
  } else if (type == "tool_use") {
    out.kind = Block::Kind::tool_use;
    TKR_TRY_ASSIGN(out.id, take_required_string(block, "id", path));
    TKR_TRY_ASSIGN(out.name, take_required_string(block, "name", path));
    out.input = take_value(block, "input");
  } else if (type == "tool_result") {
    out.kind = Block::Kind::tool_result;
    TKR_TRY(parse_tool_result(block, out, path));
  } else if (type == "thinking") {
    out.kind = Block::Kind::thinking;
    TKR_TRY_ASSIGN(out.text, take_required_string(block, "thinking", path));
    TKR_TRY_ASSIGN(out.signature, take_string(block, "signature", path));
  } else {
    out.kind = Block::Kind::redacted_thinking;
    TKR_TRY_ASSIGN(out.text, take_required_string(block, "data", path));
  }
  return {};
}

bool is_known_type(const std::string& type)
{
  return type == "text" || type == "image" || type == "tool_use" || type == "tool_result" ||
         type == "thinking" || type == "redacted_thinking";
}

std::optional<Role> role_from(std::string_view text)
{
  if (text == "user") {
    return Role::user;
  }
  if (text == "assistant") {
    return Role::assistant;
  }
  if (text == "system") {
    return Role::system; // mid-conversation system message
  }
  return std::nullopt;
}

Result<Message> parse_message(Json& message, const std::string& path)
{
  if (!message.is_object()) {
    return invalid(path, "expected object");
  }
  TKR_TRY_ASSIGN(const std::string role, take_required_string(message, "role", path));
  const auto parsed_role = role_from(role);
  if (!parsed_role) {
    return invalid(at(path, "role"), "expected one of user, assistant, system");
  }
  Message out;
  out.role = *parsed_role;
  const auto it = message.find("content");
  const bool empty = it == message.end() || it->is_null() || (it->is_array() && it->empty());
  if (!empty) {
    if (it->is_string()) {
      Block text;
      text.text = std::move(it->get_ref<std::string&>());
      out.content.push_back(std::move(text));
      out.content_is_string = true;
    } else if (it->is_array()) {
      TKR_TRY_ASSIGN(out.content, parse_anthropic_blocks(*it, at(path, "content")));
    } else {
      return invalid(at(path, "content"), "expected string or array");
    }
    message.erase(it);
  }
  out.extra = leftover(message);
  return out;
}

} // namespace

Result<Block> parse_anthropic_block(Json& block, const std::string& path)
{
  if (!block.is_object()) {
    return invalid(path, "expected object");
  }
  const auto type_it = block.find("type");
  if (type_it == block.end() || !type_it->is_string()) {
    return invalid(at(path, "type"), "expected string");
  }
  Block out;
  if (!is_known_type(type_it->get_ref<const std::string&>())) {
    out.kind = Block::Kind::other; // document, search_result, server_tool_use …: kept whole
    out.extra = std::move(block);
    return out;
  }
  const std::string type = type_it->get<std::string>();
  block.erase(type_it);
  TKR_TRY(parse_known_block(block, out, type, path));
  TKR_TRY_ASSIGN(out.cache_control, take_object(block, "cache_control", path));
  out.extra = leftover(block);
  return out;
}

Result<std::vector<Block>> parse_anthropic_blocks(Json& blocks, const std::string& path)
{
  std::vector<Block> out;
  out.reserve(blocks.size());
  for (size_t i = 0; i < blocks.size(); ++i) {
    TKR_TRY_ASSIGN(Block block, parse_anthropic_block(blocks[i], at(path, i)));
    out.push_back(std::move(block));
  }
  return out;
}

Result<std::vector<Message>> parse_anthropic_messages_array(Json& messages)
{
  std::vector<Message> out;
  out.reserve(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    TKR_TRY_ASSIGN(Message message, parse_message(messages[i], at("messages", i)));
    out.push_back(std::move(message));
  }
  return out;
}

} // namespace tokenrouter::inbound::detail
