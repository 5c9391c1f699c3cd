// Cassette records ↔ JSON lines. Bodies the client and the upstream were sent are kept as JSON
// (readable, diffable); the upstream's answer is kept as text, byte for byte.
#include "core/replay/cassette.hpp"

#include "core/util/strings.hpp"

namespace tokenrouter::replay {

namespace {

Json usage_json(const model::Usage& u)
{
  return {{"input_tokens", u.input_tokens},
          {"cache_read_tokens", u.cache_read_tokens},
          {"cache_write_tokens", u.cache_write_tokens},
          {"cache_write_1h_tokens", u.cache_write_1h_tokens},
          {"output_tokens", u.output_tokens},
          {"reasoning_tokens", u.reasoning_tokens}};
}

model::Usage usage_from(const Json& j)
{
  model::Usage u;
  u.input_tokens = j.value("input_tokens", int64_t{0});
  u.cache_read_tokens = j.value("cache_read_tokens", int64_t{0});
  u.cache_write_tokens = j.value("cache_write_tokens", int64_t{0});
  u.cache_write_1h_tokens = j.value("cache_write_1h_tokens", int64_t{0});
  u.output_tokens = j.value("output_tokens", int64_t{0});
  u.reasoning_tokens = j.value("reasoning_tokens", int64_t{0});
  return u;
}

Json response_json(const Response& r)
{
  Json out = {{"status", r.status}, {"content_type", r.content_type}};
  if (!r.streamed) {
    out["body"] = r.body;
    return out;
  }
  Json events = Json::array();
  for (const auto& event : r.events) {
    events.push_back({{"ms", event.ms}, {"data", event.data}});
  }
  out["events"] = std::move(events);
  return out;
}

Response response_from(const Json& j)
{
  Response r;
  r.status = j.at("status").get<int>();
  r.content_type = j.value("content_type", "");
  if (j.contains("events")) {
    r.streamed = true;
    for (const auto& event : j.at("events")) {
      r.events.push_back({event.at("ms").get<int64_t>(), event.at("data").get<std::string>()});
    }
  } else {
    r.body = j.at("body").get<std::string>();
  }
  return r;
}

Json side(model::Dialect dialect, const std::string& path, const Json& body)
{
  return {{"dialect", model::to_string(dialect)}, {"path", path}, {"body", body}};
}

model::Dialect dialect_of(const Json& side)
{
  const auto parsed = dialect_from_string(side.at("dialect").get<std::string>());
  if (!parsed) {
    throw std::invalid_argument("unknown dialect " + side.at("dialect").get<std::string>());
  }
  return *parsed;
}

} // namespace

std::string to_line(const Record& r)
{
  Json j = {{"full_hash", r.full_hash},
            {"recorded_at_ms", r.recorded_at_ms},
            {"model", r.model},
            {"stream", r.stream},
            {"client", side(r.client_dialect, r.client_path, r.client_body)}};
  if (!r.request.is_null()) {
    j["request"] = r.request;
  }
  if (r.response) {
    j["upstream"] = side(r.upstream_dialect, r.upstream_path, r.upstream_body);
    j["response"] = response_json(*r.response);
    j["usage"] = usage_json(r.usage);
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Record> from_line(std::string_view line)
{
  try {
    const Json j = Json::parse(line);
    Record r;
    r.full_hash = j.value("full_hash", "");
    r.recorded_at_ms = j.value("recorded_at_ms", int64_t{0});
    r.model = j.value("model", "");
    r.stream = j.value("stream", false);
    const Json& client = j.at("client");
    r.client_dialect = dialect_of(client);
    r.client_path = client.value("path", std::string(path_for(r.client_dialect)));
    r.client_body = client.at("body");
    r.request = j.value("request", Json());
    if (j.contains("response")) {
      const Json& upstream = j.at("upstream");
      r.upstream_dialect = dialect_of(upstream);
      r.upstream_path = upstream.value("path", "");
      r.upstream_body = upstream.value("body", Json());
      r.response = response_from(j.at("response"));
      r.usage = usage_from(j.value("usage", Json::object()));
    }
    return r;
  } catch (const std::exception& e) {
    return fail(ErrorCode::invalid_request, std::string("not a cassette record: ") + e.what());
  }
}

Status check_name(std::string_view name)
{
  if (!util::is_safe_file_name(name)) {
    return fail(ErrorCode::invalid_request,
                "invalid cassette name \"" + std::string(name)
                    + "\": use 1-100 of A-Z a-z 0-9 . _ - and no leading dot");
  }
  return {};
}

std::string default_root(std::string_view db_path)
{
  const auto slash = db_path.rfind('/');
  return slash == std::string_view::npos ? std::string("cassettes")
                                         : std::string(db_path.substr(0, slash)) + "/cassettes";
}

std::string cassette_root(std::string_view configured, std::string_view db_path)
{
  return configured.empty() ? default_root(db_path) : std::string(configured);
}

Result<std::string> cassette_dir(std::string_view root, std::string_view name)
{
  TKR_TRY(check_name(name));
  std::string dir(root.empty() ? "." : root);
  if (dir.back() != '/') {
    dir += '/';
  }
  return dir + std::string(name);
}

std::optional<model::Dialect> dialect_from_string(std::string_view text)
{
  for (const auto dialect : {model::Dialect::openai_chat,
                             model::Dialect::anthropic_messages,
                             model::Dialect::openai_responses}) {
    if (model::to_string(dialect) == text) {
      return dialect;
    }
  }
  if (text == "openai") {
    return model::Dialect::openai_chat;
  }
  if (text == "anthropic") {
    return model::Dialect::anthropic_messages;
  }
  return std::nullopt;
}

std::string_view path_for(model::Dialect dialect)
{
  switch (dialect) {
  case model::Dialect::openai_chat:
    return "/v1/chat/completions";
  case model::Dialect::anthropic_messages:
    return "/v1/messages";
  case model::Dialect::openai_responses:
    return "/v1/responses";
  }
  return "/v1/chat/completions";
}

} // namespace tokenrouter::replay
