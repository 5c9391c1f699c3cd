#pragma once
// The small vocabularies that differ between OpenAI and Anthropic: stop reasons and ids.

#include <cstdint>
#include <string>
#include <string_view>

namespace tokenrouter::stream {

// end_turn/stop_sequence/pause_turn → stop, max_tokens/model_context_window_exceeded → length,
// tool_use → tool_calls, refusal → content_filter; anything else → stop.
std::string_view openai_finish_reason(std::string_view anthropic_stop_reason);
// stop → end_turn, length → max_tokens, tool_calls/function_call → tool_use,
// content_filter → refusal; anything else → end_turn.
std::string_view anthropic_stop_reason(std::string_view openai_finish_reason);

// An id for a translated response derived from the upstream's: "msg_X" → "chatcmpl-X",
// "chatcmpl-X" → "msg_X"; an id without the known prefix is kept whole after the new prefix.
std::string openai_id_from(std::string_view anthropic_id);
std::string anthropic_id_from(std::string_view openai_id);

// `configured` when set (> 0), else the current Unix time: `created` of translated responses.
int64_t created_time(int64_t configured);

// `openai_call_id`, or for a call that arrived without one an id derived from the response id
// (either prefix) and the call index: "toolu_<id>_<index>".
std::string tool_use_id_from(std::string_view openai_call_id, std::string_view response_id,
                             int64_t index);

} // namespace tokenrouter::stream
