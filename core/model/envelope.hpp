#pragma once
// The Envelope: one internal shape for a chat request, whatever wire format it came in.
// Content follows Anthropic's block vocabulary (the richer one); OpenAI parts map onto it.
// Every level keeps the fields it does not model in `extra`, verbatim, so a same-format
// round trip loses nothing (forward compatibility with new provider features).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/dialect.hpp"

namespace tokenrouter::model {

using Json = nlohmann::json;

struct Block {
  enum class Kind {
    text,
    image,             // `source` holds Anthropic's source object (base64 / url / file)
    tool_use,          // assistant's call of a tool
    tool_result,       // the user's answer to a tool_use
    thinking,          // text = thinking, signature kept byte-identical
    redacted_thinking, // text = opaque data
    other,             // anything else (document, search_result, input_audio …): `extra` is the whole block
  };
  Kind kind = Kind::text;
  std::string text;
  std::string id;               // tool_use: id; tool_result: tool_use_id
  std::string name;             // tool_use: tool name
  Json input;                   // tool_use: arguments as a JSON value (object for valid arguments)
  std::string arguments_raw;    // tool_use from OpenAI: the argument string exactly as received
  Json source;                  // image: Anthropic source object
  std::vector<Block> content;   // tool_result: its content blocks
  bool content_is_string = false; // tool_result: content was a plain string
  bool is_error = false;        // tool_result
  std::string signature;        // thinking
  Json cache_control;           // null when absent
  Json extra;                   // unknown fields of this block (object), or the whole block for `other`
};

enum class Role { system, developer, user, assistant, tool };

struct Message {
  Role role = Role::user;
  std::vector<Block> content;
  bool content_is_string = false; // the client sent `content` as one string
  std::string tool_call_id;       // role tool (OpenAI): the call it answers
  std::string name;               // optional participant name (OpenAI)
  Json extra;                     // unknown fields of the message (object or null)
};

struct Tool {
  std::string type;       // "" for a plain function tool; else a hosted/server tool type
  std::string name;
  std::string description;
  Json input_schema;      // JSON Schema of the arguments (may be null)
  Json cache_control;
  Json extra;             // unknown fields (strict, eager_input_streaming …), or the whole tool if hosted
};

struct ToolChoice {
  enum class Mode { unset, auto_, none, required, tool };
  Mode mode = Mode::unset;
  std::string name;                       // Mode::tool
  std::optional<bool> parallel_tool_calls; // OpenAI parallel_tool_calls / !Anthropic disable_parallel_tool_use
};

struct Envelope {
  Dialect dialect = Dialect::openai_chat; // what the client spoke
  std::string model;                      // what the client asked for (echoed back verbatim)

  std::vector<Block> system;              // Anthropic top-level `system` (OpenAI system messages stay in `messages`)
  bool system_is_string = false;
  std::vector<Message> messages;
  std::vector<Tool> tools;
  ToolChoice tool_choice;

  bool stream = false;
  bool include_usage = false;             // OpenAI stream_options.include_usage, as the client asked
  std::optional<int64_t> max_tokens;      // max_tokens / max_completion_tokens / max_output_tokens
  bool max_tokens_legacy = false;         // OpenAI: sent as deprecated `max_tokens`, not `max_completion_tokens`
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::vector<std::string> stop;          // stop / stop_sequences
  bool stop_is_string = false;            // OpenAI `stop` was one string, not a list
  Json metadata;                          // null when absent
  Json thinking;                          // Anthropic `thinking`, null when absent
  Json response_format;                   // OpenAI response_format, null when absent
  Json cache_control;                     // Anthropic top-level automatic cache_control
  std::string prompt_cache_key;           // OpenAI prompt_cache_key ("" when absent)

  Json extra;                             // unknown top-level fields, verbatim (object)
};

} // namespace tokenrouter::model
