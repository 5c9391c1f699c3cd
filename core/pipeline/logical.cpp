#include "core/pipeline/logical.hpp"

#include "core/model/dialect.hpp"

namespace tokenrouter::pipeline {

namespace {

using model::Block;
using model::Json;

Json logical_blocks(const std::vector<Block>& blocks)
{
  Json out = Json::array();
  for (const auto& block : blocks) {
    out.push_back(logical_block(block));
  }
  return out;
}

std::string_view role_name(model::Role role)
{
  switch (role) {
  case model::Role::system: return "system";
  case model::Role::developer: return "developer";
  case model::Role::user: return "user";
  case model::Role::assistant: return "assistant";
  case model::Role::tool: return "tool";
  }
  return "user";
}

void put_if(Json& out, const char* key, const Json& value)
{
  if (!value.is_null()) {
    out[key] = value;
  }
}

Json tool_choice(const model::ToolChoice& choice)
{
  Json out = Json::object();
  out["mode"] = static_cast<int>(choice.mode);
  if (!choice.name.empty()) {
    out["name"] = choice.name;
  }
  if (choice.parallel_tool_calls) {
    out["parallel"] = *choice.parallel_tool_calls;
  }
  return out;
}

} // namespace

Json logical_block(const Block& block)
{
  Json out = Json::object();
  out["kind"] = static_cast<int>(block.kind);
  for (const auto& [key, value] : {std::pair{"text", &block.text}, {"id", &block.id},
                                   {"name", &block.name}, {"signature", &block.signature}}) {
    if (!value->empty()) {
      out[key] = *value;
    }
  }
  // The parsed arguments are the meaning; the raw string only when it is not JSON.
  if (!block.input.is_null()) {
    out["input"] = block.input;
  } else if (!block.arguments_raw.empty()) {
    out["arguments"] = block.arguments_raw;
  }
  put_if(out, "source", block.source);
  if (block.kind == Block::Kind::tool_result) {
    out["content"] = logical_blocks(block.content);
    out["is_error"] = block.is_error;
  }
  put_if(out, "extra", block.extra);
  return out;
}

Json logical_message(const model::Message& message)
{
  Json out = Json::object();
  out["role"] = role_name(message.role);
  out["content"] = logical_blocks(message.content);
  if (!message.tool_call_id.empty()) {
    out["tool_call_id"] = message.tool_call_id;
  }
  if (!message.name.empty()) {
    out["name"] = message.name;
  }
  put_if(out, "extra", message.extra);
  return out;
}

Json logical_tool(const model::Tool& tool)
{
  Json out = Json::object();
  out["type"] = tool.type;
  out["name"] = tool.name;
  out["description"] = tool.description;
  put_if(out, "schema", tool.input_schema);
  put_if(out, "extra", tool.extra);
  return out;
}

Json logical_system(const std::vector<Block>& system)
{
  return logical_blocks(system);
}

Json logical_parameters(const model::Envelope& envelope)
{
  Json out = Json::object();
  out["model"] = envelope.model;
  out["stream"] = envelope.stream;
  out["include_usage"] = envelope.include_usage;
  if (envelope.max_tokens) {
    out["max_tokens"] = *envelope.max_tokens;
  }
  if (envelope.temperature) {
    out["temperature"] = *envelope.temperature;
  }
  if (envelope.top_p) {
    out["top_p"] = *envelope.top_p;
  }
  out["stop"] = envelope.stop;
  out["tool_choice"] = tool_choice(envelope.tool_choice);
  put_if(out, "metadata", envelope.metadata);
  put_if(out, "thinking", envelope.thinking);
  put_if(out, "response_format", envelope.response_format);
  put_if(out, "extra", envelope.extra);
  return out;
}

} // namespace tokenrouter::pipeline
