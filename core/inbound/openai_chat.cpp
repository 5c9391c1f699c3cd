// OpenAI chat completions request → Envelope. Fields the Envelope models are moved out of the
// parsed document; everything left over (seed, logprobs, user, reasoning_effort, …) becomes
// `extra`, verbatim.
#include "core/inbound/fields.hpp"
#include "core/inbound/openai_messages.hpp"
#include "core/inbound/parse.hpp"

namespace tokenrouter::inbound {

namespace {

using detail::at;
using detail::invalid;
using model::Envelope;
using model::Json;
using model::Tool;
using model::ToolChoice;

Result<Tool> parse_tool(Json& tool, const std::string& path)
{
  if (!tool.is_object()) {
    return invalid(path, "expected object");
  }
  const auto type_it = tool.find("type");
  if (type_it == tool.end() || !type_it->is_string()) {
    return invalid(at(path, "type"), "expected string");
  }
  Tool out;
  if (type_it->get_ref<const std::string&>() != "function") {
    out.type = type_it->get<std::string>(); // custom, web_search …: kept whole
    const auto payload = tool.find(out.type);
    if (payload != tool.end() && payload->is_object() && payload->contains("name") &&
        (*payload)["name"].is_string()) {
      out.name = (*payload)["name"].get<std::string>();
    }
    out.extra = std::move(tool);
    return out;
  }
  tool.erase(type_it);
  const std::string function_path = at(path, "function");
  const auto function = tool.find("function");
  if (function == tool.end() || !function->is_object()) {
    return invalid(function_path, "expected object");
  }
  TKR_TRY_ASSIGN(out.name, detail::take_required_string(*function, "name", function_path));
  TKR_TRY_ASSIGN(out.description, detail::take_string(*function, "description", function_path));
  TKR_TRY_ASSIGN(out.input_schema, detail::take_object(*function, "parameters", function_path));
  if (function->empty()) {
    tool.erase(function); // `strict` and other function fields stay under extra.function
  }
  out.extra = detail::leftover(tool);
  return out;
}

Status parse_tools(Json& body, Envelope& envelope)
{
  const auto it = body.find("tools");
  if (it == body.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  if (!it->is_array()) {
    return invalid("tools", "expected array");
  }
  envelope.tools.reserve(it->size());
  for (size_t i = 0; i < it->size(); ++i) {
    TKR_TRY_ASSIGN(Tool tool, parse_tool((*it)[i], at("tools", i)));
    envelope.tools.push_back(std::move(tool));
  }
  body.erase(it);
  return {};
}

// {"type":"function","function":{"name":"x"}} and nothing else; other objects (allowed_tools,
// custom) are not modelled and stay in extra.
bool is_plain_function_choice(const Json& choice)
{
  if (choice.size() != 2 || choice.value("type", Json()) != "function") {
    return false;
  }
  const auto function = choice.find("function");
  return function != choice.end() && function->is_object() && function->size() == 1 &&
         function->contains("name") && (*function)["name"].is_string();
}

Status parse_tool_choice(Json& body, Envelope& envelope)
{
  const auto it = body.find("tool_choice");
  if (it == body.end() || it->is_null()) {
    return {};
  }
  ToolChoice& choice = envelope.tool_choice;
  if (it->is_string()) {
    const auto& mode = it->get_ref<const std::string&>();
    if (mode == "auto") {
      choice.mode = ToolChoice::Mode::auto_;
    } else if (mode == "none") {
      choice.mode = ToolChoice::Mode::none;
    } else if (mode == "required") {
      choice.mode = ToolChoice::Mode::required;
    } else {
      return {}; // an unknown mode stays in extra
    }
  } else if (it->is_object()) {
    if (!is_plain_function_choice(*it)) {
      return {};
    }
    choice.mode = ToolChoice::Mode::tool;
    choice.name = std::move((*it)["function"]["name"].get_ref<std::string&>());
  } else {
    return invalid("tool_choice", "expected string or object");
  }
  body.erase(it);
  return {};
}

Status parse_stop(Json& body, Envelope& envelope)
{
  const auto it = body.find("stop");
  if (it == body.end() || it->is_null() || (it->is_array() && it->empty())) {
    return {};
  }
  if (it->is_string()) {
    envelope.stop.push_back(std::move(it->get_ref<std::string&>()));
    envelope.stop_is_string = true;
  } else if (it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        return invalid(at("stop", i), "expected string");
      }
      envelope.stop.push_back(std::move((*it)[i].get_ref<std::string&>()));
    }
  } else {
    return invalid("stop", "expected string or array");
  }
  body.erase(it);
  return {};
}

Status parse_max_tokens(Json& body, Envelope& envelope)
{
  TKR_TRY_ASSIGN(envelope.max_tokens, detail::take_integer(body, "max_completion_tokens", ""));
  if (envelope.max_tokens) {
    return {}; // a deprecated `max_tokens` sent as well stays in extra
  }
  TKR_TRY_ASSIGN(envelope.max_tokens, detail::take_integer(body, "max_tokens", ""));
  envelope.max_tokens_legacy = envelope.max_tokens.has_value();
  return {};
}

// `n` stays in extra (it can only be 1); stream_options too, include_usage is read from it.
Status check_n_and_stream_options(const Json& body, Envelope& envelope)
{
  const auto n = body.find("n");
  if (n != body.end() && !n->is_null()) {
    if (!n->is_number_integer()) {
      return invalid("n", "expected integer");
    }
    if (n->get<int64_t>() != 1) {
      return invalid("n", "only n=1 is supported");
    }
  }
  const auto options = body.find("stream_options");
  if (options == body.end() || options->is_null()) {
    return {};
  }
  if (!options->is_object()) {
    return invalid("stream_options", "expected object");
  }
  const auto include = options->find("include_usage");
  if (include != options->end() && !include->is_null()) {
    if (!include->is_boolean()) {
      return invalid("stream_options.include_usage", "expected boolean");
    }
    envelope.include_usage = include->get<bool>();
  }
  return {};
}

Status parse_scalars(Json& body, Envelope& envelope)
{
  TKR_TRY(parse_stop(body, envelope));
  TKR_TRY(parse_max_tokens(body, envelope));
  TKR_TRY(check_n_and_stream_options(body, envelope));
  TKR_TRY_ASSIGN(envelope.stream, detail::take_true(body, "stream", ""));
  TKR_TRY_ASSIGN(envelope.temperature, detail::take_number(body, "temperature", ""));
  TKR_TRY_ASSIGN(envelope.top_p, detail::take_number(body, "top_p", ""));
  TKR_TRY_ASSIGN(envelope.tool_choice.parallel_tool_calls,
                 detail::take_bool(body, "parallel_tool_calls", ""));
  TKR_TRY_ASSIGN(envelope.metadata, detail::take_object(body, "metadata", ""));
  TKR_TRY_ASSIGN(envelope.response_format, detail::take_object(body, "response_format", ""));
  TKR_TRY_ASSIGN(envelope.prompt_cache_key, detail::take_string(body, "prompt_cache_key", ""));
  return {};
}

Result<Envelope> parse_body(Json& body)
{
  Envelope envelope;
  envelope.dialect = model::Dialect::openai_chat;
  TKR_TRY_ASSIGN(envelope.model, detail::take_required_string(body, "model", ""));
  const auto messages = body.find("messages");
  if (messages == body.end()) {
    return invalid("messages", "required");
  }
  if (!messages->is_array()) {
    return invalid("messages", "expected array");
  }
  TKR_TRY_ASSIGN(envelope.messages, detail::parse_openai_messages(*messages));
  body.erase(messages);
  TKR_TRY(parse_tools(body, envelope));
  TKR_TRY(parse_tool_choice(body, envelope));
  TKR_TRY(parse_scalars(body, envelope));
  envelope.extra = std::move(body);
  return envelope;
}

} // namespace

Result<model::Envelope> parse_openai_chat(std::string_view body)
{
  TKR_TRY_ASSIGN(Json document, detail::parse_document(body));
  try {
    return parse_body(document);
  } catch (const Json::exception&) {
    return fail(ErrorCode::invalid_request, "malformed request body");
  }
}

} // namespace tokenrouter::inbound
