// canonicalizer: numbers and argument strings first, then the one-plain-text-block rule.
#include "core/pipeline/canonicalizer.hpp"

#include <cmath>

namespace tokenrouter::pipeline {

namespace {

using model::Block;
using model::Json;

constexpr double k_max_exact = 9007199254740992.0; // 2^53: beyond it doubles skip integers

void normalize_in_place(Json& value)
{
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) <= k_max_exact) {
      value = static_cast<int64_t>(number); // also turns -0.0 into 0
    }
    return;
  }
  if (value.is_structured()) {
    for (auto& child : value) {
      normalize_in_place(child);
    }
  }
}

// One text block without cache_control or unknown fields carries nothing a string does not.
bool plain_text(const std::vector<Block>& blocks)
{
  return blocks.size() == 1 && blocks[0].kind == Block::Kind::text
         && blocks[0].cache_control.is_null() && blocks[0].extra.is_null();
}

void canonicalize_blocks(std::vector<Block>& blocks);

void canonicalize_block(Block& block)
{
  normalize_in_place(block.input);
  normalize_in_place(block.source);
  normalize_in_place(block.extra);
  if (!block.arguments_raw.empty()) {
    block.arguments_raw = canonical_arguments(block.arguments_raw);
  }
  if (block.kind == Block::Kind::tool_result) {
    canonicalize_blocks(block.content);
    if (!block.content.empty()) {
      block.content_is_string = plain_text(block.content);
    }
  }
}

void canonicalize_blocks(std::vector<Block>& blocks)
{
  for (auto& block : blocks) {
    canonicalize_block(block);
  }
}

void canonicalize_top_level(model::Envelope& envelope)
{
  for (Json* value : {&envelope.metadata, &envelope.thinking, &envelope.response_format,
                      &envelope.extra}) {
    normalize_in_place(*value);
  }
  canonicalize_blocks(envelope.system);
  if (!envelope.system.empty()) {
    envelope.system_is_string = plain_text(envelope.system);
  }
}

} // namespace

Json normalize_numbers(Json value)
{
  normalize_in_place(value);
  return value;
}

std::string canonical_dump(const Json& value)
{
  return normalize_numbers(value).dump();
}

std::string canonical_dump(Json&& value)
{
  normalize_in_place(value);
  return value.dump();
}

std::string canonical_arguments(const std::string& arguments)
{
  Json parsed = Json::parse(arguments, nullptr, false);
  return parsed.is_discarded() ? arguments : canonical_dump(parsed);
}

model::Envelope canonicalize(model::Envelope envelope)
{
  canonicalize_top_level(envelope);
  for (auto& tool : envelope.tools) {
    normalize_in_place(tool.input_schema);
    normalize_in_place(tool.extra);
  }
  for (auto& message : envelope.messages) {
    normalize_in_place(message.extra);
    canonicalize_blocks(message.content);
    if (!message.content.empty()) {
      message.content_is_string = plain_text(message.content);
    }
  }
  return envelope;
}

} // namespace tokenrouter::pipeline
