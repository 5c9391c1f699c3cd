// Envelope → Anthropic Messages body. From OpenAI: max_tokens is required (a default is
// supplied), temperature is clamped to Anthropic's 0–1, `user` becomes metadata.user_id and
// response_format json_schema becomes output_config.format; OpenAI-only fields are dropped.
#include "core/outbound/anthropic_messages.hpp"

#include <algorithm>

#include "core/outbound/anthropic_content.hpp"

namespace tokenrouter::outbound::detail {

namespace {

using model::ToolChoice;

Json function_tool(const model::Tool& tool, const Context& context)
{
  Json out = start_object(tool.extra, context.same);
  out["name"] = tool.name;
  if (!tool.description.empty()) {
    out["description"] = tool.description;
  }
  if (!tool.input_schema.is_null()) {
    out["input_schema"] = tool.input_schema;
  } else if (!context.same) {
    out["input_schema"] = empty_object_schema(); // required by Anthropic
  }
  if (!tool.cache_control.is_null()) {
    out["cache_control"] = tool.cache_control;
  }
  return out;
}

Json tool_choice(const ToolChoice& choice)
{
  Json out = Json::object();
  switch (choice.mode) {
  case ToolChoice::Mode::auto_:
  case ToolChoice::Mode::unset: out["type"] = "auto"; break;
  case ToolChoice::Mode::none: out["type"] = "none"; break;
  case ToolChoice::Mode::required: out["type"] = "any"; break;
  case ToolChoice::Mode::tool:
    out["type"] = "tool";
    out["name"] = choice.name;
    break;
  }
  if (choice.parallel_tool_calls && choice.mode != ToolChoice::Mode::none) {
    out["disable_parallel_tool_use"] = !*choice.parallel_tool_calls;
  }
  return out;
}

void add_tools(Json& out, const Context& context)
{
  Json tools = Json::array();
  for (const auto& tool : context.envelope.tools) {
    if (tool.type.empty()) {
      tools.push_back(function_tool(tool, context));
    } else if (context.same) {
      tools.push_back(tool.extra); // a server tool, verbatim; OpenAI hosted tools are dropped
    }
  }
  const bool any = !tools.empty();
  if (any) {
    out["tools"] = std::move(tools);
  }
  const ToolChoice& choice = context.envelope.tool_choice;
  if (context.same) {
    if (choice.mode != ToolChoice::Mode::unset) {
      out["tool_choice"] = tool_choice(choice);
    }
    return;
  }
  // From OpenAI: parallel_tool_calls=false alone still needs a tool_choice to carry it.
  const bool parallel_off = choice.parallel_tool_calls == false;
  if (any && (choice.mode != ToolChoice::Mode::unset || parallel_off)) {
    ToolChoice mapped = choice;
    if (!parallel_off) {
      mapped.parallel_tool_calls.reset(); // true is Anthropic's default
    }
    out["tool_choice"] = tool_choice(mapped);
  }
}

// OpenAI `user` (or safety_identifier, or metadata.user_id) → Anthropic metadata.user_id.
Json metadata_from_openai(const model::Envelope& envelope)
{
  for (const char* key : {"user", "safety_identifier"}) {
    if (envelope.extra.is_object() && envelope.extra.contains(key) &&
        envelope.extra[key].is_string()) {
      return Json{{"user_id", envelope.extra[key]}};
    }
  }
  const Json& metadata = envelope.metadata;
  if (metadata.is_object() && metadata.contains("user_id") && metadata["user_id"].is_string()) {
    return Json{{"user_id", metadata["user_id"]}};
  }
  return Json();
}

// OpenAI response_format json_schema → output_config.format.
Json output_config_from_openai(const Json& response_format)
{
  if (!response_format.is_object() || response_format.value("type", Json()) != "json_schema") {
    return Json();
  }
  const auto spec = response_format.find("json_schema");
  if (spec == response_format.end() || !spec->is_object() || !spec->contains("schema")) {
    return Json();
  }
  return Json{{"format", {{"type", "json_schema"}, {"schema", (*spec)["schema"]}}}};
}

void add_sampling(Json& out, const Context& context)
{
  const auto& envelope = context.envelope;
  out["max_tokens"] = envelope.max_tokens.value_or(context.options.default_max_tokens);
  if (envelope.temperature) {
    const double temperature = *envelope.temperature;
    out["temperature"] = context.same ? temperature : std::min(temperature, 1.0); // 0–1 there
  }
  if (envelope.top_p) {
    out["top_p"] = *envelope.top_p;
  }
  if (!envelope.stop.empty()) {
    out["stop_sequences"] = envelope.stop;
  }
  if (envelope.stream) {
    out["stream"] = true;
  }
}

void add_misc(Json& out, const Context& context)
{
  const auto& envelope = context.envelope;
  Json metadata = context.same ? envelope.metadata : metadata_from_openai(envelope);
  if (!metadata.is_null()) {
    out["metadata"] = std::move(metadata);
  }
  if (!envelope.thinking.is_null()) {
    out["thinking"] = envelope.thinking;
  }
  if (!envelope.cache_control.is_null()) {
    out["cache_control"] = envelope.cache_control;
  }
  if (!context.same) {
    Json config = output_config_from_openai(envelope.response_format);
    if (!config.is_null()) {
      out["output_config"] = std::move(config);
    }
  }
}

} // namespace

Json build_anthropic_body(const Context& context)
{
  Json out = start_object(context.envelope.extra, context.same);
  out["model"] = context.options.upstream_model.empty() ? context.envelope.model
                                                        : context.options.upstream_model;
  Json system = build_anthropic_system(context);
  if (!system.is_null()) {
    out["system"] = std::move(system);
  }
  out["messages"] = build_anthropic_messages(context);
  add_tools(out, context);
  add_sampling(out, context);
  add_misc(out, context);
  return out;
}

} // namespace tokenrouter::outbound::detail
