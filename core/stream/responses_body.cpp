// Non-streaming answers for Responses clients of a translated upstream: the chat.completion or
// Anthropic message is replayed through ResponsesWriter (no events), whose final object is the
// body, so streamed and non-streamed answers always agree.

#include "core/stream/body_cross.hpp"
#include "core/stream/responses_writer.hpp"
#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

namespace {

TranslatedBody body_from(ResponsesWriter& writer, std::string_view incomplete,
                         const model::Usage& usage)
{
  writer.finish(incomplete, usage);
  TranslatedBody out;
  out.usage = usage;
  out.finish_reason = incomplete.empty() ? "completed" : "incomplete";
  out.body = dump(writer.response());
  return out;
}

} // namespace

Result<TranslatedBody> chat_body_to_responses(const TranslateOptions& options,
                                              const Json& completion)
{
  const Json& choices = member(completion, "choices");
  if (!choices.is_array() || choices.empty()) {
    return fail(ErrorCode::upstream_failed, "upstream chat.completion has no choices");
  }
  const Json& message = member(choices.front(), "message");
  ResponsesWriter writer(options, false);
  writer.reasoning(string_member(message, "reasoning_content"));
  writer.reasoning(string_member(message, "reasoning"));
  writer.text(string_member(message, "content"));
  writer.text(string_member(message, "refusal"));
  const Json& calls = member(message, "tool_calls");
  for (size_t i = 0; calls.is_array() && i < calls.size(); ++i) {
    const Json& function = member(calls[i], "function");
    const auto key = static_cast<int64_t>(i);
    writer.tool_start(key, string_member(calls[i], "id"), string_member(function, "name"));
    writer.tool_arguments(key, string_member(function, "arguments"));
  }
  const std::string finish = string_member(choices.front(), "finish_reason");
  const std::string_view incomplete = finish == "length"           ? "max_output_tokens"
                                      : finish == "content_filter" ? "content_filter"
                                                                   : "";
  return body_from(writer, incomplete, parse_openai_usage(member(completion, "usage")));
}

Result<TranslatedBody> anthropic_body_to_responses(const TranslateOptions& options,
                                                   const Json& message)
{
  const Json& content = member(message, "content");
  if (!content.is_array()) {
    return fail(ErrorCode::upstream_failed, "upstream message has no content array");
  }
  ResponsesWriter writer(options, false);
  for (size_t i = 0; i < content.size(); ++i) {
    const Json& block = content[i];
    const std::string type = string_member(block, "type");
    if (type == "text") {
      writer.text(string_member(block, "text"));
    } else if (type == "thinking") {
      writer.reasoning(string_member(block, "thinking"));
    } else if (type == "tool_use") {
      const auto key = static_cast<int64_t>(i);
      writer.tool_start(key, string_member(block, "id"), string_member(block, "name"));
      const Json& input = member(block, "input");
      writer.tool_arguments(key, dump(input.is_null() ? Json::object() : input));
    }
    writer.close_item(); // consecutive text blocks stay separate message items, as sent
  }
  const std::string stop = string_member(message, "stop_reason");
  const std::string_view incomplete = stop == "max_tokens" ? "max_output_tokens"
                                      : stop == "refusal"  ? "content_filter"
                                                           : "";
  return body_from(writer, incomplete, parse_anthropic_usage(member(message, "usage")));
}

} // namespace tokenrouter::stream
