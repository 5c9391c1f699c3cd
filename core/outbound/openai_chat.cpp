// Envelope → OpenAI chat completions body (OpenAI, DeepSeek and other OpenAI-compatible
// upstreams). Anthropic-only fields (thinking, cache_control, output_config, top_k, …) have no
// slot here and are left behind.
#include "core/outbound/openai_chat.hpp"

#include "core/outbound/openai_messages.hpp"

namespace tokenrouter::outbound::detail {

namespace {

using model::ProviderKind;
using model::ToolChoice;

Json function_tool(const model::Tool& tool, const Context& context)
{
  Json out = start_object(tool.extra, context.same);
  out["type"] = "function";
  Json& function = out["function"];
  function["name"] = tool.name;
  if (!tool.description.empty()) {
    function["description"] = tool.description;
  }
  if (!tool.input_schema.is_null()) {
    function["parameters"] = tool.input_schema;
  }
  return out;
}

Json tool_choice(const ToolChoice& choice)
{
  switch (choice.mode) {
  case ToolChoice::Mode::auto_: return "auto";
  case ToolChoice::Mode::none: return "none";
  case ToolChoice::Mode::required: return "required";
  case ToolChoice::Mode::tool:
    return Json{{"type", "function"}, {"function", {{"name", choice.name}}}};
  case ToolChoice::Mode::unset: break;
  }
  return Json();
}

void add_tools(Json& out, const Context& context)
{
  Json tools = Json::array();
  for (const auto& tool : context.envelope.tools) {
    if (tool.type.empty()) {
      tools.push_back(function_tool(tool, context));
    } else if (context.same) {
      tools.push_back(tool.extra); // a hosted tool, verbatim; dropped when translating
    }
  }
  // OpenAI rejects tool_choice and parallel_tool_calls without tools.
  const bool any = !tools.empty();
  if (any) {
    out["tools"] = std::move(tools);
  }
  const ToolChoice& choice = context.envelope.tool_choice;
  if (choice.mode != ToolChoice::Mode::unset && (any || context.same)) {
    out["tool_choice"] = tool_choice(choice);
  }
  if (choice.parallel_tool_calls && (any || context.same)) {
    out["parallel_tool_calls"] = *choice.parallel_tool_calls;
  }
}

void add_sampling(Json& out, const Context& context)
{
  const auto& envelope = context.envelope;
  if (envelope.max_tokens) {
    // OpenAI itself: max_completion_tokens (max_tokens is deprecated, kept if the client sent it);
    // DeepSeek and other compatible servers know only max_tokens.
    const bool legacy = context.same && envelope.max_tokens_legacy;
    const bool modern = context.options.provider == ProviderKind::openai && !legacy;
    out[modern ? "max_completion_tokens" : "max_tokens"] = *envelope.max_tokens;
  }
  if (envelope.temperature) {
    out["temperature"] = *envelope.temperature;
  }
  if (envelope.top_p) {
    out["top_p"] = *envelope.top_p;
  }
  if (!envelope.stop.empty()) {
    if (context.same && envelope.stop_is_string && envelope.stop.size() == 1) {
      out["stop"] = envelope.stop[0];
    } else {
      out["stop"] = envelope.stop;
    }
  }
}

void add_stream(Json& out, const Context& context)
{
  if (!context.envelope.stream) {
    return;
  }
  out["stream"] = true;
  Json options = Json::object();
  const auto& extra = context.envelope.extra;
  if (context.same && extra.is_object() && extra.contains("stream_options") &&
      extra["stream_options"].is_object()) {
    options = extra["stream_options"];
  }
  options["include_usage"] = true; // usage is always captured; the translator strips it again
  out["stream_options"] = std::move(options);
}

// Anthropic output_config.format {type:"json_schema", schema} → response_format.
Json response_format_from_output_config(const Json& extra)
{
  if (!extra.is_object() || !extra.contains("output_config")) {
    return Json();
  }
  const Json& config = extra["output_config"];
  if (!config.is_object() || !config.contains("format") || !config["format"].is_object()) {
    return Json();
  }
  const Json& format = config["format"];
  if (format.value("type", Json()) != "json_schema" || !format.contains("schema")) {
    return Json();
  }
  return Json{{"type", "json_schema"},
              {"json_schema", {{"name", "output"}, {"schema", format["schema"]}}}};
}

void add_misc(Json& out, const Context& context)
{
  const auto& envelope = context.envelope;
  if (context.same && !envelope.metadata.is_null()) {
    out["metadata"] = envelope.metadata; // Anthropic metadata has no OpenAI meaning
  }
  Json format = envelope.response_format;
  if (format.is_null() && !context.same) {
    format = response_format_from_output_config(envelope.extra);
  }
  if (!format.is_null()) {
    out["response_format"] = std::move(format);
  }
  if (!envelope.prompt_cache_key.empty()) {
    out["prompt_cache_key"] = envelope.prompt_cache_key;
  }
}

} // namespace

Json build_openai_chat(const Context& context)
{
  Json out = start_object(context.envelope.extra, context.same);
  out["model"] = context.options.upstream_model.empty() ? context.envelope.model
                                                        : context.options.upstream_model;
  out["messages"] = build_openai_messages(context);
  add_tools(out, context);
  add_sampling(out, context);
  add_stream(out, context);
  add_misc(out, context);
  return out;
}

} // namespace tokenrouter::outbound::detail
