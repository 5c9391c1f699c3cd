// Tool calls in a Responses answer: function_call items stream their arguments as they come;
// custom_tool_call items are announced and filled when they close (see responses_writer.cpp).
#include "core/stream/responses_writer.hpp"

namespace tokenrouter::stream {

namespace {

// The free-form input of a custom tool call from its function arguments {"input": "..."}.
std::string custom_input(const std::string& arguments)
{
  const Json parsed = Json::parse(arguments, nullptr, false);
  if (parsed.is_object() && member(parsed, "input").is_string()) {
    return string_member(parsed, "input");
  }
  return arguments; // a model that ignored the schema: its raw text is the best guess
}

} // namespace

OrderedJson ResponsesWriter::tool_item(const Call& call, bool done) const
{
  const OrderedJson& started = m_output[call.output_index];
  OrderedJson item = started;
  item["status"] = done ? "completed" : "in_progress";
  if (call.custom) {
    item["input"] = done ? custom_input(call.arguments) : std::string();
  } else {
    item["arguments"] = done ? call.arguments : std::string();
  }
  return item;
}

void ResponsesWriter::tool_start(int64_t key, std::string_view call_id, std::string_view name)
{
  start();
  close_item();
  Call call;
  call.key = key;
  call.output_index = m_output.size();
  call.custom = is_custom(name);
  OrderedJson item{{"id", item_id(call.custom ? "ctc" : "fc")},
                   {"type", call.custom ? "custom_tool_call" : "function_call"},
                   {"status", "in_progress"},
                   {call.custom ? "input" : "arguments", ""},
                   {"call_id", call_id},
                   {"name", name}};
  m_output.push_back(item);
  m_calls.push_back(call);
  m_open = Open::tool;
  if (!call.custom) {
    send("response.output_item.added",
         {{"output_index", static_cast<int64_t>(call.output_index)}, {"item", std::move(item)}});
  }
}

void ResponsesWriter::tool_arguments(int64_t key, std::string_view fragment)
{
  for (auto& call : m_calls) {
    if (call.key != key || fragment.empty()) {
      continue;
    }
    call.arguments += fragment;
    const bool open = m_open == Open::tool && &call == &m_calls.back();
    if (open && !call.custom) {
      send("response.function_call_arguments.delta",
           {{"item_id", m_output[call.output_index]["id"]},
            {"output_index", static_cast<int64_t>(call.output_index)},
            {"delta", fragment}});
    } else if (!open) {
      m_output[call.output_index] = tool_item(call, true); // a late fragment: keep it whole
    }
  }
}

void ResponsesWriter::close_tool()
{
  const Call& call = m_calls.back();
  const auto index = static_cast<int64_t>(call.output_index);
  OrderedJson item = tool_item(call, true);
  if (call.custom) {
    send("response.output_item.added", {{"output_index", index}, {"item", tool_item(call, false)}});
    send("response.custom_tool_call_input.delta",
         {{"item_id", item["id"]}, {"output_index", index}, {"delta", item["input"]}});
    send("response.custom_tool_call_input.done",
         {{"item_id", item["id"]}, {"output_index", index}, {"input", item["input"]}});
  } else {
    send("response.function_call_arguments.done",
         {{"item_id", item["id"]}, {"output_index", index}, {"arguments", call.arguments}});
  }
  m_output[call.output_index] = item;
  send("response.output_item.done", {{"output_index", index}, {"item", std::move(item)}});
}

} // namespace tokenrouter::stream
