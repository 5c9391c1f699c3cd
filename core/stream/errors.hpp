#pragma once
// Error vocabulary shared by the translators: errors as SSE events in the client's dialect, and
// the provider's error objects read back into Error.

#include <string>

#include "core/model/dialect.hpp"
#include "core/stream/json_util.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::stream {

// The error body render_error() sends, as JSON.
OrderedJson error_body(model::Dialect client, const Error& error);

// An error ending for a stream: Anthropic `event: error` + {"type":"error","error":{…}};
// OpenAI `data: {"error":{…}}` followed by `data: [DONE]`; Responses `event: error` +
// {"type":"error","code","message","param"}.
std::string render_error_event(model::Dialect client, const Error& error);

// An upstream error object ({"type","message"} for Anthropic, {"message","type","code"} for
// OpenAI) as an Error that keeps its meaning.
Error error_from_anthropic(const Json& error_object);
Error error_from_openai(const Json& error_object);

} // namespace tokenrouter::stream
