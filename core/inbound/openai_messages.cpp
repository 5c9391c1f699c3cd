// OpenAI chat messages → Envelope messages. Content parts map onto Anthropic's block vocabulary
// (text, image); assistant `tool_calls` become tool_use blocks after the message's content.
#include "core/inbound/openai_messages.hpp"

#include <optional>

#include "core/inbound/fields.hpp"

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
  if (text == "tool") {
    return Role::tool;
  }
  return std::nullopt;
}

Status parse_image_part(Json& part, Block& block, const std::string& path)
{
  const auto it = part.find("image_url");
  if (it == part.end() || !it->is_object()) {
    return invalid(at(path, "image_url"), "expected object");
  }
  TKR_TRY_ASSIGN(std::string url, take_required_string(*it, "url", at(path, "image_url")));
  block.kind = Block::Kind::image;
  block.source = image_source_from_url(std::move(url));
  if (it->empty()) {
    part.erase(it); // `detail` and other fields stay under extra.image_url
  }
  return {};
}

Result<Block> parse_part(Json& part, const std::string& path)
{
  if (!part.is_object()) {
    return invalid(path, "expected object");
  }
  const auto type_it = part.find("type");
  if (type_it == part.end() || !type_it->is_string()) {
    return invalid(at(path, "type"), "expected string");
  }
  Block block;
  const auto& type = type_it->get_ref<const std::string&>();
  if (type == "text") {
    part.erase(type_it);
    TKR_TRY_ASSIGN(block.text, take_required_string(part, "text", path));
  } else if (type == "image_url") {
    part.erase(type_it);
    TKR_TRY(parse_image_part(part, block, path));
  } else {
    block.kind = Block::Kind::other; // input_audio, file, refusal …: kept whole
    block.extra = std::move(part);
    return block;
  }
  TKR_TRY_ASSIGN(block.cache_control, take_object(part, "cache_control", path));
  block.extra = leftover(part);
  return block;
}

Status parse_content(Json& message, Message& out, const std::string& path)
{
  const auto it = message.find("content");
  if (it == message.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {}; // absent, null or [] (the last two stay in extra)
  }
  const std::string content_path = at(path, "content");
  if (it->is_string()) {
    Block block;
    block.text = std::move(it->get_ref<std::string&>());
    out.content.push_back(std::move(block));
    out.content_is_string = true;
  } else if (it->is_array()) {
    out.content.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i) {
      TKR_TRY_ASSIGN(Block block, parse_part((*it)[i], at(content_path, i)));
      out.content.push_back(std::move(block));
    }
  } else {
    return invalid(content_path, "expected string or array");
  }
  message.erase(it);
  return {};
}

// `arguments` is a JSON string that "may not be valid JSON": keep it verbatim, parse a copy.
Json input_from_arguments(std::string_view arguments)
{
  if (arguments.empty()) {
    return Json::object();
  }
  Json input = parse_lenient(arguments);
  return input.is_discarded() ? Json() : input;
}

Status parse_function_call(Json& call, Block& block, const std::string& path)
{
  const std::string function_path = at(path, "function");
  const auto it = call.find("function");
  if (it == call.end() || !it->is_object()) {
    return invalid(function_path, "expected object");
  }
  TKR_TRY_ASSIGN(block.name, take_required_string(*it, "name", function_path));
  const auto args = it->find("arguments");
  if (args != it->end()) {
    if (!args->is_string()) {
      return invalid(at(function_path, "arguments"), "expected string");
    }
    block.arguments_raw = std::move(args->get_ref<std::string&>());
    it->erase(args);
  }
  block.input = input_from_arguments(block.arguments_raw);
  if (it->empty()) {
    call.erase(it);
  }
  return {};
}

Result<Block> parse_tool_call(Json& call, const std::string& path)
{
  if (!call.is_object()) {
    return invalid(path, "expected object");
  }
  Block block;
  block.kind = Block::Kind::tool_use;
  TKR_TRY_ASSIGN(block.id, take_required_string(call, "id", path));
  const auto type_it = call.find("type");
  if (type_it != call.end() && !type_it->is_string()) {
    return invalid(at(path, "type"), "expected string");
  }
  if (type_it == call.end() || type_it->get_ref<const std::string&>() == "function") {
    if (type_it != call.end()) {
      call.erase(type_it);
    }
    TKR_TRY(parse_function_call(call, block, path));
  } else {
    // A non-function call (e.g. "custom"): its type and payload stay in extra.
    const auto payload = call.find(type_it->get_ref<const std::string&>());
    if (payload != call.end() && payload->is_object() && payload->contains("name") &&
        (*payload)["name"].is_string()) {
      block.name = (*payload)["name"].get<std::string>();
    }
  }
  block.extra = leftover(call);
  return block;
}

Status parse_tool_calls(Json& message, Message& out, const std::string& path)
{
  const auto it = message.find("tool_calls");
  if (it == message.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  const std::string calls_path = at(path, "tool_calls");
  if (!it->is_array()) {
    return invalid(calls_path, "expected array");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    TKR_TRY_ASSIGN(Block block, parse_tool_call((*it)[i], at(calls_path, i)));
    out.content.push_back(std::move(block));
  }
  message.erase(it);
  return {};
}

Result<Message> parse_message(Json& message, const std::string& path)
{
  if (!message.is_object()) {
    return invalid(path, "expected object");
  }
  TKR_TRY_ASSIGN(const std::string role, take_required_string(message, "role", path));
  const auto parsed_role = role_from(role);
  if (!parsed_role) {
    return invalid(at(path, "role"),
                   "expected one of developer, system, user, assistant, tool");
  }
  Message out;
  out.role = *parsed_role;
  TKR_TRY(parse_content(message, out, path));
  TKR_TRY(parse_tool_calls(message, out, path));
  TKR_TRY_ASSIGN(out.name, take_string(message, "name", path));
  TKR_TRY_ASSIGN(out.tool_call_id, take_string(message, "tool_call_id", path));
  out.extra = leftover(message);
  return out;
}

} // namespace

Json image_source_from_url(std::string url)
{
  constexpr std::string_view k_data = "data:";
  constexpr std::string_view k_base64 = ";base64,";
  const auto marker = url.find(k_base64);
  const bool simple_data_url = url.starts_with(k_data) && marker != std::string::npos &&
                               url.find(';') == marker;
  if (!simple_data_url) {
    return Json{{"type", "url"}, {"url", std::move(url)}};
  }
  std::string media_type = url.substr(k_data.size(), marker - k_data.size());
  url.erase(0, marker + k_base64.size()); // the payload, without another copy
  return Json{{"type", "base64"}, {"media_type", std::move(media_type)}, {"data", std::move(url)}};
}

Result<std::vector<Message>> parse_openai_messages(Json& messages)
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
