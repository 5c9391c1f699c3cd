// The event sequence follows the Responses API (protocols.md §2): every output item is announced
// (output_item.added), filled (content_part / *.delta), closed (*.done, output_item.done), one
// at a time; custom tool calls are buffered and sent whole on close, since their input is the
// string inside the function arguments the upstream streams as JSON.
#include "core/stream/responses_writer.hpp"

#include <algorithm>

#include "core/stream/translator_base.hpp"
#include "core/stream/vocabulary.hpp"

namespace tokenrouter::stream {

OrderedJson render_responses_usage(const model::Usage& usage)
{
  OrderedJson out;
  out["input_tokens"] = usage.prompt_total();
  out["input_tokens_details"] = {{"cached_tokens", usage.cache_read_tokens}};
  out["output_tokens"] = usage.output_tokens;
  out["output_tokens_details"] = {{"reasoning_tokens", usage.reasoning_tokens}};
  out["total_tokens"] = usage.total();
  return out;
}

ResponsesWriter::ResponsesWriter(const TranslateOptions& options, bool events)
    : m_options(options)
    , m_events(events)
{
}

std::string ResponsesWriter::item_id(std::string_view prefix) const
{
  std::string_view id = m_options.response_id;
  if (id.starts_with("resp_")) {
    id.remove_prefix(5);
  }
  return std::string(prefix) + "_" + std::string(id) + "_" + std::to_string(m_output.size());
}

bool ResponsesWriter::is_custom(std::string_view name) const
{
  const auto& names = m_options.custom_tools;
  return std::find(names.begin(), names.end(), name) != names.end();
}

void ResponsesWriter::send(std::string_view type, OrderedJson data)
{
  if (!m_events) {
    return;
  }
  OrderedJson event{{"type", type}, {"sequence_number", m_sequence++}};
  for (auto& [key, value] : data.items()) {
    event[key] = std::move(value);
  }
  m_out += render_sse(type, dump(event));
}

OrderedJson ResponsesWriter::response() const
{
  OrderedJson out;
  out["id"] = m_options.response_id;
  out["object"] = "response";
  out["created_at"] = created_time(m_options.created_unix);
  out["status"] = m_status;
  out["error"] = m_error;
  out["incomplete_details"] = m_incomplete;
  out["model"] = m_options.client_model;
  out["output"] = OrderedJson::array();
  for (const auto& item : m_output) {
    out["output"].push_back(item);
  }
  out["parallel_tool_calls"] = true;
  out["tool_choice"] = "auto";
  out["tools"] = OrderedJson::array();
  out["usage"] = m_usage;
  out["metadata"] = OrderedJson::object();
  return out;
}

void ResponsesWriter::start()
{
  if (m_started) {
    return;
  }
  m_started = true;
  send("response.created", {{"response", response()}});
  send("response.in_progress", {{"response", response()}});
}

void ResponsesWriter::open_text_like(Open kind)
{
  close_item();
  m_open = kind;
  m_text.clear();
  const bool text = kind == Open::text;
  OrderedJson item = text ? OrderedJson{{"id", item_id("msg")},
                                        {"type", "message"},
                                        {"status", "in_progress"},
                                        {"content", OrderedJson::array()},
                                        {"role", "assistant"}}
                          : OrderedJson{{"id", item_id("rs")},
                                        {"type", "reasoning"},
                                        {"summary", OrderedJson::array()},
                                        {"content", OrderedJson::array()}};
  const int64_t index = static_cast<int64_t>(m_output.size());
  m_output.push_back(item);
  send("response.output_item.added", {{"output_index", index}, {"item", std::move(item)}});
  OrderedJson part = text ? OrderedJson{{"type", "output_text"},
                                        {"annotations", OrderedJson::array()},
                                        {"text", ""}}
                          : OrderedJson{{"type", "reasoning_text"}, {"text", ""}};
  send("response.content_part.added",
       {{"item_id", m_output.back()["id"]},
        {"output_index", index},
        {"content_index", 0},
        {"part", std::move(part)}});
}

void ResponsesWriter::text(std::string_view delta)
{
  start();
  if (delta.empty()) {
    return;
  }
  if (m_open != Open::text) {
    open_text_like(Open::text);
  }
  m_text += delta;
  const int64_t index = static_cast<int64_t>(m_output.size()) - 1;
  send("response.output_text.delta",
       {{"item_id", m_output.back()["id"]},
        {"output_index", index},
        {"content_index", 0},
        {"delta", delta},
        {"logprobs", OrderedJson::array()}});
}

void ResponsesWriter::reasoning(std::string_view delta)
{
  start();
  if (delta.empty()) {
    return;
  }
  if (m_open != Open::reasoning) {
    open_text_like(Open::reasoning);
  }
  m_text += delta;
  const int64_t index = static_cast<int64_t>(m_output.size()) - 1;
  send("response.reasoning_text.delta",
       {{"item_id", m_output.back()["id"]},
        {"output_index", index},
        {"content_index", 0},
        {"delta", delta}});
}

void ResponsesWriter::close_text_like()
{
  const bool text = m_open == Open::text;
  OrderedJson& item = m_output.back();
  const int64_t index = static_cast<int64_t>(m_output.size()) - 1;
  OrderedJson part = text ? OrderedJson{{"type", "output_text"},
                                        {"annotations", OrderedJson::array()},
                                        {"text", m_text}}
                          : OrderedJson{{"type", "reasoning_text"}, {"text", m_text}};
  OrderedJson done{{"item_id", item["id"]}, {"output_index", index}, {"content_index", 0}};
  done["text"] = m_text;
  if (text) {
    done["logprobs"] = OrderedJson::array();
  }
  send(text ? "response.output_text.done" : "response.reasoning_text.done", done);
  send("response.content_part.done",
       {{"item_id", item["id"]}, {"output_index", index}, {"content_index", 0}, {"part", part}});
  item["content"] = OrderedJson::array({std::move(part)});
  if (text) {
    item["status"] = "completed";
  }
  send("response.output_item.done", {{"output_index", index}, {"item", item}});
}

void ResponsesWriter::close_item()
{
  if (m_open == Open::text || m_open == Open::reasoning) {
    close_text_like();
  } else if (m_open == Open::tool) {
    close_tool();
  }
  m_open = Open::none;
}

void ResponsesWriter::fail(const Error& error)
{
  start();
  close_item();
  m_status = "failed";
  m_error = {{"code", to_string(error.code)}, {"message", error.message}};
  send("response.failed", {{"response", response()}});
}

void ResponsesWriter::finish(std::string_view incomplete_reason, const model::Usage& usage)
{
  start();
  close_item();
  m_usage = render_responses_usage(usage);
  if (incomplete_reason.empty()) {
    m_status = "completed";
    send("response.completed", {{"response", response()}});
    return;
  }
  m_status = "incomplete";
  m_incomplete = {{"reason", incomplete_reason}};
  send("response.incomplete", {{"response", response()}});
}

std::string ResponsesWriter::take()
{
  return std::exchange(m_out, {});
}

} // namespace tokenrouter::stream
