#include "core/stream/body_cross.hpp"

#include "core/stream/usage_codec.hpp"
#include "core/stream/vocabulary.hpp"

namespace tokenrouter::stream {

namespace {

OrderedJson tool_call_from(const Json& block)
{
  return OrderedJson{{"id", string_member(block, "id")},
                     {"type", "function"},
                     {"function",
                      {{"name", string_member(block, "name")},
                       {"arguments", dump(member(block, "input").is_null()
                                              ? Json::object()
                                              : member(block, "input"))}}}};
}

// The assistant message of a chat.completion built from Anthropic content blocks.
OrderedJson openai_message_from(const Json& content)
{
  std::string text;
  std::string reasoning;
  bool has_text = false;
  OrderedJson tool_calls = OrderedJson::array();
  for (const Json& block : content) {
    const std::string type = string_member(block, "type");
    if (type == "text") {
      text += string_member(block, "text");
      has_text = true;
    } else if (type == "thinking") {
      reasoning += string_member(block, "thinking");
    } else if (type == "tool_use") {
      tool_calls.push_back(tool_call_from(block));
    }
  }
  OrderedJson message{{"role", "assistant"}, {"content", nullptr}};
  if (has_text) {
    message["content"] = text;
  }
  if (!reasoning.empty()) {
    message["reasoning_content"] = reasoning;
  }
  if (!tool_calls.empty()) {
    message["tool_calls"] = std::move(tool_calls);
  }
  return message;
}

Json tool_input_from(const std::string& arguments)
{
  if (arguments.empty()) {
    return Json::object();
  }
  Json input = Json::parse(arguments, nullptr, false);
  if (!input.is_object()) {
    return Json{{"_raw", arguments}};
  }
  return input;
}

// Anthropic content blocks built from an OpenAI assistant message: thinking, text, tool_use.
OrderedJson anthropic_content_from(const Json& message, std::string_view response_id)
{
  OrderedJson content = OrderedJson::array();
  std::string reasoning = string_member(message, "reasoning_content");
  if (reasoning.empty()) {
    reasoning = string_member(message, "reasoning"); // OpenRouter, vLLM
  }
  if (!reasoning.empty()) {
    content.push_back({{"type", "thinking"}, {"thinking", reasoning}, {"signature", ""}});
  }
  std::string text = string_member(message, "content");
  if (text.empty()) {
    text = string_member(message, "refusal");
  }
  if (!text.empty()) {
    content.push_back({{"type", "text"}, {"text", text}});
  }
  const Json& tool_calls = member(message, "tool_calls");
  for (size_t i = 0; tool_calls.is_array() && i < tool_calls.size(); ++i) {
    const Json& function = member(tool_calls[i], "function");
    const std::string id =
        tool_use_id_from(string_member(tool_calls[i], "id"), response_id, static_cast<int64_t>(i));
    content.push_back(
        {{"type", "tool_use"},
         {"id", id},
         {"name", string_member(function, "name")},
         {"input", tool_input_from(string_member(function, "arguments"))}});
  }
  return content;
}

} // namespace

Result<TranslatedBody> anthropic_body_to_openai(const TranslateOptions& options,
                                                const Json& message)
{
  const Json& content = member(message, "content");
  if (!content.is_array()) {
    return fail(ErrorCode::upstream_failed, "upstream message has no content array");
  }
  TranslatedBody out;
  out.usage = parse_anthropic_usage(member(message, "usage"));
  out.finish_reason = openai_finish_reason(string_member(message, "stop_reason"));
  const int64_t created = created_time(options.created_unix);
  OrderedJson choice{{"index", 0},
                     {"message", openai_message_from(content)},
                     {"logprobs", nullptr},
                     {"finish_reason", out.finish_reason}};
  const OrderedJson body{{"id", openai_id_from(string_member(message, "id"))},
                         {"object", "chat.completion"},
                         {"created", created},
                         {"model", options.client_model},
                         {"choices", OrderedJson::array({std::move(choice)})},
                         {"usage", render_openai_usage(out.usage)}};
  out.body = dump(body);
  return out;
}

Result<TranslatedBody> openai_body_to_anthropic(const TranslateOptions& options,
                                                const Json& completion)
{
  const Json& choices = member(completion, "choices");
  if (!choices.is_array() || choices.empty()) {
    return fail(ErrorCode::upstream_failed, "upstream chat.completion has no choices");
  }
  const Json& choice = choices.front();
  const std::string id = anthropic_id_from(string_member(completion, "id"));
  TranslatedBody out;
  out.usage = parse_openai_usage(member(completion, "usage"));
  out.finish_reason = anthropic_stop_reason(string_member(choice, "finish_reason"));
  const OrderedJson body{{"id", id},
                         {"type", "message"},
                         {"role", "assistant"},
                         {"model", options.client_model},
                         {"content", anthropic_content_from(member(choice, "message"), id)},
                         {"stop_reason", out.finish_reason},
                         {"stop_sequence", nullptr},
                         {"usage", render_anthropic_usage(out.usage)}};
  out.body = dump(body);
  return out;
}

} // namespace tokenrouter::stream
