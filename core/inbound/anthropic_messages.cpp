// Anthropic Messages request → Envelope. Fields the Envelope models are moved out of the parsed
// document; the rest (output_config, context_management, top_k, service_tier, container, …)
// becomes `extra`, verbatim.
#include "core/inbound/anthropic_blocks.hpp"
#include "core/inbound/fields.hpp"
#include "core/inbound/parse.hpp"

namespace tokenrouter::inbound {

namespace {

using detail::at;
using detail::invalid;
using model::Envelope;
using model::Json;
using model::Tool;
using model::ToolChoice;

Result<Tool> parse_tool(Json& tool, const std::string& path)
{
  if (!tool.is_object()) {
    return invalid(path, "expected object");
  }
  Tool out;
  const auto type_it = tool.find("type");
  if (type_it != tool.end() && !type_it->is_null()) {
    if (!type_it->is_string()) {
      return invalid(at(path, "type"), "expected string");
    }
    if (type_it->get_ref<const std::string&>() != "custom") {
      out.type = type_it->get<std::string>(); // a server tool (web_search_…, bash_…): opaque
      if (tool.contains("name") && tool["name"].is_string()) {
        out.name = tool["name"].get<std::string>();
      }
      out.extra = std::move(tool);
      return out;
    }
  }
  TKR_TRY_ASSIGN(out.name, detail::take_required_string(tool, "name", path));
  TKR_TRY_ASSIGN(out.description, detail::take_string(tool, "description", path));
  TKR_TRY_ASSIGN(out.input_schema, detail::take_object(tool, "input_schema", path));
  TKR_TRY_ASSIGN(out.cache_control, detail::take_object(tool, "cache_control", path));
  out.extra = detail::leftover(tool); // "type":"custom", eager_input_streaming, strict …
  return out;
}

Status parse_tools(Json& body, Envelope& envelope)
{
  const auto it = body.find("tools");
  if (it == body.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  if (!it->is_array()) {
    return invalid("tools", "expected array");
  }
  envelope.tools.reserve(it->size());
  for (size_t i = 0; i < it->size(); ++i) {
    TKR_TRY_ASSIGN(Tool tool, parse_tool((*it)[i], at("tools", i)));
    envelope.tools.push_back(std::move(tool));
  }
  body.erase(it);
  return {};
}

std::optional<ToolChoice::Mode> mode_from(const Json& type)
{
  if (type == "auto") {
    return ToolChoice::Mode::auto_;
  }
  if (type == "any") {
    return ToolChoice::Mode::required;
  }
  if (type == "tool") {
    return ToolChoice::Mode::tool;
  }
  if (type == "none") {
    return ToolChoice::Mode::none;
  }
  return std::nullopt;
}

// Only the documented shape is modelled; anything else stays in extra untouched.
bool is_modelled_choice(const Json& choice)
{
  for (const auto& [key, value] : choice.items()) {
    const bool known = ((key == "type" || key == "name") && value.is_string()) ||
                       (key == "disable_parallel_tool_use" && value.is_boolean());
    if (!known) {
      return false;
    }
  }
  const auto mode = mode_from(choice.value("type", Json()));
  return mode && (*mode == ToolChoice::Mode::tool) == choice.contains("name");
}

Status parse_tool_choice(Json& body, Envelope& envelope)
{
  const auto it = body.find("tool_choice");
  if (it == body.end() || it->is_null()) {
    return {};
  }
  if (!it->is_object()) {
    return invalid("tool_choice", "expected object");
  }
  if (!it->contains("type") || !(*it)["type"].is_string()) {
    return invalid("tool_choice.type", "expected string");
  }
  if (!is_modelled_choice(*it)) {
    return {};
  }
  ToolChoice& choice = envelope.tool_choice;
  choice.mode = *mode_from((*it)["type"]);
  if (choice.mode == ToolChoice::Mode::tool) {
    choice.name = (*it)["name"].get<std::string>();
  }
  if (it->contains("disable_parallel_tool_use")) {
    choice.parallel_tool_calls = !(*it)["disable_parallel_tool_use"].get<bool>();
  }
  body.erase(it);
  return {};
}

Status parse_system(Json& body, Envelope& envelope)
{
  const auto it = body.find("system");
  if (it == body.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  if (it->is_string()) {
    model::Block text;
    text.text = std::move(it->get_ref<std::string&>());
    envelope.system.push_back(std::move(text));
    envelope.system_is_string = true;
  } else if (it->is_array()) {
    TKR_TRY_ASSIGN(envelope.system, detail::parse_anthropic_blocks(*it, "system"));
  } else {
    return invalid("system", "expected string or array");
  }
  body.erase(it);
  return {};
}

Status parse_stop_sequences(Json& body, Envelope& envelope)
{
  const auto it = body.find("stop_sequences");
  if (it == body.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  if (!it->is_array()) {
    return invalid("stop_sequences", "expected array");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return invalid(at("stop_sequences", i), "expected string");
    }
    envelope.stop.push_back(std::move((*it)[i].get_ref<std::string&>()));
  }
  body.erase(it);
  return {};
}

Status parse_scalars(Json& body, Envelope& envelope)
{
  TKR_TRY(parse_stop_sequences(body, envelope));
  TKR_TRY_ASSIGN(envelope.max_tokens, detail::take_integer(body, "max_tokens", ""));
  TKR_TRY_ASSIGN(envelope.stream, detail::take_true(body, "stream", ""));
  TKR_TRY_ASSIGN(envelope.temperature, detail::take_number(body, "temperature", ""));
  TKR_TRY_ASSIGN(envelope.top_p, detail::take_number(body, "top_p", ""));
  TKR_TRY_ASSIGN(envelope.metadata, detail::take_object(body, "metadata", ""));
  TKR_TRY_ASSIGN(envelope.thinking, detail::take_object(body, "thinking", ""));
  TKR_TRY_ASSIGN(envelope.cache_control, detail::take_object(body, "cache_control", ""));
  return {};
}

Result<Envelope> parse_body(Json& body)
{
  Envelope envelope;
  envelope.dialect = model::Dialect::anthropic_messages;
  TKR_TRY_ASSIGN(envelope.model, detail::take_required_string(body, "model", ""));
  const auto messages = body.find("messages");
  if (messages == body.end()) {
    return invalid("messages", "required");
  }
  if (!messages->is_array()) {
    return invalid("messages", "expected array");
  }
  TKR_TRY_ASSIGN(envelope.messages, detail::parse_anthropic_messages_array(*messages));
  body.erase(messages);
  TKR_TRY(parse_system(body, envelope));
  TKR_TRY(parse_tools(body, envelope));
  TKR_TRY(parse_tool_choice(body, envelope));
  TKR_TRY(parse_scalars(body, envelope));
  envelope.extra = std::move(body);
  return envelope;
}

} // namespace

Result<model::Envelope> parse_anthropic_messages(std::string_view body)
{
  TKR_TRY_ASSIGN(Json document, detail::parse_document(body));
  try {
    return parse_body(document);
  } catch (const Json::exception&) {
    return fail(ErrorCode::invalid_request, "malformed request body");
  }
}

Result<model::Envelope> parse(model::Dialect dialect, std::string_view body)
{
  switch (dialect) {
  case model::Dialect::openai_chat: return parse_openai_chat(body);
  case model::Dialect::anthropic_messages: return parse_anthropic_messages(body);
  case model::Dialect::openai_responses: return parse_openai_responses(body);
  }
  return fail(ErrorCode::internal, "unknown dialect");
}

} // namespace tokenrouter::inbound
