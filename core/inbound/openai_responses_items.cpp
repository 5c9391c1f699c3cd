// Responses input items → Envelope messages. The Envelope's OpenAI-chat reading is the target:
// calls are tool_use blocks of an assistant message, outputs are `tool` messages, so the
// existing builders translate them to Chat Completions or Anthropic unchanged.
#include "core/inbound/openai_responses_items.hpp"

#include <optional>

#include "core/inbound/fields.hpp"
#include "core/inbound/openai_messages.hpp"

namespace tokenrouter::inbound::detail {

namespace {

using model::Block;
using model::Message;
using model::Role;

std::optional<Role> role_from(std::string_view text)
{
  if (text == "user") {
    return Role::user;
  }
  if (text == "assistant") {
    return Role::assistant;
  }
  if (text == "system") {
    return Role::system;
  }
  if (text == "developer") {
    return Role::developer;
  }
  return std::nullopt;
}

// input_text / output_text / refusal → text; input_image with a URL → image; anything else
// (input_file, input_audio, an image by file_id) stays whole.
Block parse_part(Json& part)
{
  Block block;
  const std::string type = part.is_object() ? part.value("type", "") : "";
  const bool textual = type == "input_text" || type == "output_text" || type == "refusal";
  const char* text_key = type == "refusal" ? "refusal" : "text";
  if (textual && part.contains(text_key) && part[text_key].is_string()) {
    block.text = std::move(part[text_key].get_ref<std::string&>());
    return block;
  }
  if (type == "input_image" && part.contains("image_url") && part["image_url"].is_string()) {
    block.kind = Block::Kind::image;
    block.source = image_source_from_url(part["image_url"].get<std::string>());
    return block;
  }
  block.kind = Block::Kind::other;
  block.extra = std::move(part);
  return block;
}

Status parse_content(Json& item, std::vector<Block>& out, bool& is_string, const std::string& path)
{
  const auto it = item.find("content");
  if (it == item.end() || it->is_null()) {
    return {};
  }
  if (it->is_string()) {
    Block block;
    block.text = std::move(it->get_ref<std::string&>());
    out.push_back(std::move(block));
    is_string = true;
  } else if (it->is_array()) {
    for (auto& part : *it) {
      out.push_back(parse_part(part));
    }
  } else {
    return invalid(at(path, "content"), "expected string or array");
  }
  item.erase(it);
  return {};
}

Result<Message> parse_message(Json& item, const std::string& path)
{
  TKR_TRY_ASSIGN(const std::string role_text, take_required_string(item, "role", path));
  const auto role = role_from(role_text);
  if (!role) {
    return invalid(at(path, "role"), "unknown role " + role_text);
  }
  Message message;
  message.role = *role;
  TKR_TRY(parse_content(item, message.content, message.content_is_string, path));
  item.erase("type");
  message.extra = leftover(item); // the client's `id`, `status` …
  return message;
}

// The assistant message at the end of `messages`, opened when the last one is not an assistant's.
Message& assistant_turn(std::vector<Message>& messages)
{
  if (messages.empty() || messages.back().role != Role::assistant) {
    Message message;
    message.role = Role::assistant;
    messages.push_back(std::move(message));
  }
  return messages.back();
}

Result<Block> parse_call(Json& item, const std::string& type, const std::string& path)
{
  Block block;
  block.kind = Block::Kind::tool_use;
  TKR_TRY_ASSIGN(block.id, take_required_string(item, "call_id", path));
  TKR_TRY_ASSIGN(block.name, take_required_string(item, "name", path));
  if (type == "custom_tool_call") {
    // A free-form call travels as the one string parameter of the function it becomes.
    TKR_TRY_ASSIGN(std::string input, take_string(item, "input", path));
    block.input = Json{{"input", std::move(input)}};
    block.arguments_raw = block.input.dump();
  } else {
    TKR_TRY_ASSIGN(block.arguments_raw, take_string(item, "arguments", path));
    block.input = block.arguments_raw.empty() ? Json::object() : parse_lenient(block.arguments_raw);
    if (block.input.is_discarded()) {
      block.input = Json();
    }
  }
  block.extra = leftover(item); // type, id, status
  return block;
}

Result<Message> parse_output(Json& item, const std::string& path)
{
  Message message;
  message.role = Role::tool;
  TKR_TRY_ASSIGN(message.tool_call_id, take_required_string(item, "call_id", path));
  const auto output = item.find("output");
  if (output != item.end() && output->is_string()) {
    item["content"] = std::move(*output);
    item.erase("output");
  } else if (output != item.end() && output->is_array()) {
    item["content"] = std::move(*output);
    item.erase("output");
  }
  TKR_TRY(parse_content(item, message.content, message.content_is_string, path));
  message.extra = leftover(item);
  return message;
}

Status parse_additional_tools(Json& item, std::vector<model::Tool>& tools, const std::string& path)
{
  const auto it = item.find("tools");
  if (it == item.end() || !it->is_array()) {
    return invalid(at(path, "tools"), "expected array");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    TKR_TRY_ASSIGN(model::Tool tool, parse_responses_tool((*it)[i], at(at(path, "tools"), i)));
    tools.push_back(std::move(tool));
  }
  return {};
}

Status parse_item(Json& item,
                  std::vector<Message>& messages,
                  std::vector<model::Tool>& tools,
                  const std::string& path)
{
  if (!item.is_object()) {
    return invalid(path, "expected object");
  }
  const std::string type = item.value("type", item.contains("role") ? "message" : "");
  if (type == "message") {
    TKR_TRY_ASSIGN(Message message, parse_message(item, path));
    messages.push_back(std::move(message));
  } else if (type == "function_call" || type == "custom_tool_call") {
    TKR_TRY_ASSIGN(Block call, parse_call(item, type, path));
    assistant_turn(messages).content.push_back(std::move(call));
  } else if (type == "function_call_output" || type == "custom_tool_call_output") {
    TKR_TRY_ASSIGN(Message output, parse_output(item, path));
    messages.push_back(std::move(output));
  } else if (type == "additional_tools") {
    return parse_additional_tools(item, tools, path);
  } else {
    // reasoning (encrypted content included), web_search_call, item_reference …: opaque.
    Block block;
    block.kind = Block::Kind::other;
    block.extra = std::move(item);
    assistant_turn(messages).content.push_back(std::move(block));
  }
  return {};
}

} // namespace

Status parse_responses_input(Json& input, std::vector<Message>& messages,
                             std::vector<model::Tool>& tools)
{
  for (size_t i = 0; i < input.size(); ++i) {
    TKR_TRY(parse_item(input[i], messages, tools, at("input", i)));
  }
  return {};
}

Result<model::Tool> parse_responses_tool(Json& tool, const std::string& path)
{
  if (!tool.is_object()) {
    return invalid(path, "expected object");
  }
  const auto type_it = tool.find("type");
  if (type_it == tool.end() || !type_it->is_string()) {
    return invalid(at(path, "type"), "expected string");
  }
  model::Tool out;
  if (type_it->get_ref<const std::string&>() != "function") {
    out.type = type_it->get<std::string>(); // custom, web_search, tool_search …: kept whole
    out.name = tool.value("name", "");
    out.description = tool.value("description", "");
    out.extra = std::move(tool);
    return out;
  }
  tool.erase(type_it);
  TKR_TRY_ASSIGN(out.name, take_required_string(tool, "name", path));
  TKR_TRY_ASSIGN(out.description, take_string(tool, "description", path));
  TKR_TRY_ASSIGN(out.input_schema, take_object(tool, "parameters", path));
  out.extra = leftover(tool); // strict …
  return out;
}

} // namespace tokenrouter::inbound::detail
