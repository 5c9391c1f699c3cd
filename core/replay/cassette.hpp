#pragma once
// A cassette: recorded exchanges, one JSON object per line in <root>/<name>/exchanges.jsonl
// (docs/replay.md). A record holds the client's own request (for `tokenrouter replay`), the
// canonical request the FullHash was taken of (for miss diagnostics), what went upstream, and
// the upstream's answer in its own dialect, so replay feeds it through the same translation as
// a live answer. Secrets never get here: no request headers are kept, and of the response
// only content-type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/dialect.hpp"
#include "core/model/usage.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::replay {

using Json = nlohmann::ordered_json; // keeps the request bodies' key order, diff-friendly

// One piece of a recorded stream: a whole SSE event (its bytes as received, the blank line
// included) and when it arrived, in ms after the response head.
struct StreamEvent {
  int64_t ms = 0;
  std::string data;
};

struct Response {
  int status = 200;
  std::string content_type;
  bool streamed = false;
  std::string body;                // !streamed: the body, byte for byte
  std::vector<StreamEvent> events; // streamed: concatenated, the body byte for byte
};

struct Record {
  std::string full_hash; // "" for an imported request (not replayable from the cassette)
  int64_t recorded_at_ms = 0;
  std::string model; // as the client asked
  bool stream = false;
  model::Dialect client_dialect = model::Dialect::openai_chat;
  std::string client_path; // /v1/chat/completions …
  Json client_body;        // the client's request as it sent it
  Json request;            // canonical (logical) request: tools, system, messages, parameters
  model::Dialect upstream_dialect = model::Dialect::openai_chat;
  std::string upstream_path;
  Json upstream_body;               // what was sent upstream (after the pipeline)
  std::optional<Response> response; // nullopt: imported request without an answer
  model::Usage usage;               // the upstream's usage, normalised
};

// One JSON line (no trailing newline).
[[nodiscard]] std::string to_line(const Record& record);
// Parses one line; invalid_request naming what is wrong.
[[nodiscard]] Result<Record> from_line(std::string_view line);

// Cassette names are single path components: [A-Za-z0-9._-], 1–100 characters, no leading dot
// (so "..", ".hidden" and "a/b" are refused). invalid_request saying so.
[[nodiscard]] Status check_name(std::string_view name);

// The cassette root when `[replay] dir` is "": "cassettes" next to the database file.
[[nodiscard]] std::string default_root(std::string_view db_path);
// `configured` (`[replay] dir`), else default_root(`db_path`).
[[nodiscard]] std::string cassette_root(std::string_view configured, std::string_view db_path);

// <root>/<name> after check_name.
[[nodiscard]] Result<std::string> cassette_dir(std::string_view root, std::string_view name);

// The file inside a cassette directory that holds the records.
inline constexpr std::string_view k_records_file = "exchanges.jsonl";

[[nodiscard]] std::optional<model::Dialect> dialect_from_string(std::string_view text);
// The client path a dialect is served at.
[[nodiscard]] std::string_view path_for(model::Dialect dialect);

} // namespace tokenrouter::replay
