#pragma once
// A Responses request's tools made fit for an upstream that speaks Chat Completions or
// Anthropic Messages: free-form `custom` tools become function tools with one string parameter,
// hosted tools the upstream cannot run are dropped (and named, so the gateway can say so).

#include <string>
#include <vector>

#include "core/model/envelope.hpp"

namespace tokenrouter::outbound {

struct ResponsesToolPlan {
  std::vector<std::string> custom_tools;  // names of the tools whose calls are custom_tool_call
  std::vector<std::string> dropped_tools; // hosted tools left out (their name, or their type)
};

// The one parameter a custom tool's function takes: {"input": <the free-form text>}.
inline constexpr const char* k_custom_input = "input";

// Rewrites `envelope.tools` in place (custom → function, hosted → removed); a tool_choice
// naming a removed tool falls back to auto.
ResponsesToolPlan adapt_responses_tools(model::Envelope& envelope);

} // namespace tokenrouter::outbound
