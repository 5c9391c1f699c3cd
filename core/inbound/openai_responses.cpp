// OpenAI Responses request → Envelope. `instructions` become the top-level system text, `input`
// messages and items become messages (openai_responses_items.cpp); what the Envelope does not
// model (reasoning, include, store, previous_response_id, text, truncation …) stays in `extra`.
// Same-dialect pass-through forwards the client's own body, so nothing here needs to round-trip.
#include "core/inbound/fields.hpp"
#include "core/inbound/openai_responses_items.hpp"
#include "core/inbound/parse.hpp"

namespace tokenrouter::inbound {

namespace {

using detail::at;
using detail::invalid;
using model::Envelope;
using model::Json;
using model::ToolChoice;

Status parse_input(Json& body, Envelope& envelope)
{
  const auto it = body.find("input");
  if (it == body.end() || it->is_null()) {
    return {}; // allowed with previous_response_id or a prompt template
  }
  if (it->is_string()) {
    model::Message message;
    model::Block block;
    block.text = std::move(it->get_ref<std::string&>());
    message.content.push_back(std::move(block));
    message.content_is_string = true;
    envelope.messages.push_back(std::move(message));
  } else if (it->is_array()) {
    TKR_TRY(detail::parse_responses_input(*it, envelope.messages, envelope.tools));
  } else {
    return invalid("input", "expected string or array");
  }
  body.erase(it);
  return {};
}

Status parse_instructions(Json& body, Envelope& envelope)
{
  TKR_TRY_ASSIGN(std::string instructions, detail::take_string(body, "instructions", ""));
  if (!instructions.empty()) {
    model::Block block;
    block.text = std::move(instructions);
    envelope.system.push_back(std::move(block));
    envelope.system_is_string = true;
  }
  return {};
}

Status parse_tools(Json& body, Envelope& envelope)
{
  const auto it = body.find("tools");
  if (it == body.end() || it->is_null()) {
    return {};
  }
  if (!it->is_array()) {
    return invalid("tools", "expected array");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    TKR_TRY_ASSIGN(model::Tool tool, detail::parse_responses_tool((*it)[i], at("tools", i)));
    envelope.tools.push_back(std::move(tool));
  }
  body.erase(it);
  return {};
}

// "auto" | "none" | "required" | {"type":"function","name":"x"}; other shapes (allowed_tools,
// hosted tool types) stay in extra.
void parse_tool_choice(Json& body, Envelope& envelope)
{
  const auto it = body.find("tool_choice");
  if (it == body.end()) {
    return;
  }
  ToolChoice& choice = envelope.tool_choice;
  if (it->is_string()) {
    const auto& mode = it->get_ref<const std::string&>();
    choice.mode = mode == "auto"       ? ToolChoice::Mode::auto_
                  : mode == "none"     ? ToolChoice::Mode::none
                  : mode == "required" ? ToolChoice::Mode::required
                                       : ToolChoice::Mode::unset;
  } else if (it->is_object() && it->value("type", "") == "function" && it->contains("name")
             && (*it)["name"].is_string()) {
    choice.mode = ToolChoice::Mode::tool;
    choice.name = (*it)["name"].get<std::string>();
  }
  if (choice.mode != ToolChoice::Mode::unset) {
    body.erase(it);
  }
}

// text.format {type:"json_schema", name, schema, strict} → chat's response_format; `text` itself
// stays in extra (verbosity has no Chat Completions slot).
Json response_format_from(const Json& body)
{
  const auto text = body.find("text");
  if (text == body.end() || !text->is_object() || !text->contains("format")) {
    return Json();
  }
  Json format = (*text)["format"];
  const std::string type = format.is_object() ? format.value("type", "") : "";
  if (type == "json_object") {
    return Json{{"type", "json_object"}};
  }
  if (type != "json_schema") {
    return Json();
  }
  format.erase("type");
  return Json{{"type", "json_schema"}, {"json_schema", std::move(format)}};
}

Status parse_scalars(Json& body, Envelope& envelope)
{
  TKR_TRY_ASSIGN(envelope.stream, detail::take_true(body, "stream", ""));
  TKR_TRY_ASSIGN(envelope.max_tokens, detail::take_integer(body, "max_output_tokens", ""));
  TKR_TRY_ASSIGN(envelope.temperature, detail::take_number(body, "temperature", ""));
  TKR_TRY_ASSIGN(envelope.top_p, detail::take_number(body, "top_p", ""));
  TKR_TRY_ASSIGN(envelope.tool_choice.parallel_tool_calls,
                 detail::take_bool(body, "parallel_tool_calls", ""));
  TKR_TRY_ASSIGN(envelope.metadata, detail::take_object(body, "metadata", ""));
  TKR_TRY_ASSIGN(envelope.prompt_cache_key, detail::take_string(body, "prompt_cache_key", ""));
  envelope.response_format = response_format_from(body);
  // Responses streams always end with usage; translated streams need it from the upstream.
  envelope.include_usage = true;
  return {};
}

Result<Envelope> parse_body(Json& body)
{
  Envelope envelope;
  envelope.dialect = model::Dialect::openai_responses;
  TKR_TRY_ASSIGN(envelope.model, detail::take_required_string(body, "model", ""));
  TKR_TRY(parse_instructions(body, envelope));
  TKR_TRY(parse_input(body, envelope));
  TKR_TRY(parse_tools(body, envelope));
  parse_tool_choice(body, envelope);
  TKR_TRY(parse_scalars(body, envelope));
  const auto store = body.find("store");
  if (store != body.end() && !store->is_null() && !store->is_boolean()) {
    return invalid("store", "expected boolean");
  }
  const auto previous = body.find("previous_response_id");
  if (previous != body.end() && !previous->is_null() && !previous->is_string()) {
    return invalid("previous_response_id", "expected string");
  }
  envelope.extra = std::move(body);
  return envelope;
}

} // namespace

Result<model::Envelope> parse_openai_responses(std::string_view body)
{
  TKR_TRY_ASSIGN(Json document, detail::parse_document(body));
  try {
    return parse_body(document);
  } catch (const Json::exception&) {
    return fail(ErrorCode::invalid_request, "malformed request body");
  }
}

} // namespace tokenrouter::inbound
