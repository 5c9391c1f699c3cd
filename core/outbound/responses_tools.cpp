#include "core/outbound/responses_tools.hpp"

#include <algorithm>

namespace tokenrouter::outbound {

namespace {

using model::Json;

// The custom tool's grammar (or "text") told to the model in words, since a function schema
// cannot carry it.
std::string custom_description(const model::Tool& tool)
{
  std::string description = tool.description;
  const Json& format = tool.extra.is_object() ? tool.extra.value("format", Json()) : Json();
  if (format.is_object() && format.value("type", "") == "grammar") {
    description += "\n\nThe `input` argument is free-form text (not JSON) that must follow this "
                   + format.value("syntax", std::string("lark")) + " grammar:\n"
                   + format.value("definition", std::string());
  } else {
    description += "\n\nThe `input` argument is free-form text (not JSON).";
  }
  return description;
}

model::Tool function_from_custom(const model::Tool& tool)
{
  model::Tool out;
  out.name = tool.name;
  out.description = custom_description(tool);
  out.input_schema = Json{{"type", "object"},
                          {"properties", {{k_custom_input, {{"type", "string"}}}}},
                          {"required", Json::array({k_custom_input})}};
  return out;
}

} // namespace

ResponsesToolPlan adapt_responses_tools(model::Envelope& envelope)
{
  ResponsesToolPlan plan;
  std::vector<model::Tool> kept;
  for (auto& tool : envelope.tools) {
    if (tool.type.empty()) {
      kept.push_back(std::move(tool));
    } else if (tool.type == "custom" && !tool.name.empty()) {
      plan.custom_tools.push_back(tool.name);
      kept.push_back(function_from_custom(tool));
    } else {
      plan.dropped_tools.push_back(tool.name.empty() ? tool.type : tool.name);
    }
  }
  envelope.tools = std::move(kept);
  auto& choice = envelope.tool_choice;
  const bool known = std::any_of(envelope.tools.begin(), envelope.tools.end(),
                                 [&choice](const model::Tool& tool) { return tool.name == choice.name; });
  if (choice.mode == model::ToolChoice::Mode::tool && !known) {
    choice.mode = model::ToolChoice::Mode::auto_;
    choice.name.clear();
  }
  return plan;
}

} // namespace tokenrouter::outbound
