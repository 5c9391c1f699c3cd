#pragma once
// Helpers for the stream tests: golden files, translator options per direction, and feeding a
// stream in pieces.

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/stream/translator.hpp"

namespace tokenrouter::stream::testing {

inline std::string golden_dir()
{
  return std::string(TKR_SOURCE_DIR) + "/tests/golden/streams/";
}

inline std::string read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::string& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The options each golden direction is recorded with.
inline TranslateOptions direction_options(const std::string& direction)
{
  using model::Dialect;
  TranslateOptions options;
  options.client_model = "my-model";
  options.client_include_usage = true;
  options.created_unix = 1700000000;
  options.estimated_input_tokens = 1234;
  const bool from_anthropic = direction.rfind("anthropic-to-", 0) == 0;
  const bool to_anthropic = direction.size() > 9 && direction.substr(direction.size() - 9) == "anthropic";
  options.upstream = from_anthropic ? Dialect::anthropic_messages : Dialect::openai_chat;
  options.client = to_anthropic ? Dialect::anthropic_messages : Dialect::openai_chat;
  return options;
}

struct StreamRun {
  std::string output;   // everything the client receives, tail or error ending included
  std::string streamed; // feed() output only
  std::string tail;
  bool complete = false;
  bool upstream_error = false;
  bool malformed = false;
  model::Usage usage;
};

// Feeds `upstream` in pieces of `piece` bytes (0: whole; -1: random 1..64), then ends the
// stream the way the gateway does: take_tail() when complete, else fail().
inline StreamRun run_stream(const TranslateOptions& options, const std::string& upstream, int piece)
{
  auto translator = make_stream_translator(options);
  StreamRun run;
  std::mt19937 random(42);
  size_t pos = 0;
  while (pos < upstream.size()) {
    size_t size = piece == 0 ? upstream.size() : static_cast<size_t>(piece);
    if (piece < 0) {
      size = std::uniform_int_distribution<size_t>(1, 64)(random);
    }
    run.streamed += translator->feed(std::string_view(upstream).substr(pos, size));
    pos += size;
  }
  run.complete = translator->complete();
  run.upstream_error = translator->upstream_error();
  run.malformed = translator->malformed().has_value();
  run.usage = translator->usage();
  if (run.complete) {
    run.tail = translator->take_tail();
    run.output = run.streamed + run.tail;
  } else {
    run.output = run.streamed
                 + translator->fail(Error{ErrorCode::upstream_failed, "upstream closed early"});
  }
  return run;
}

// The `data:` payloads of an SSE text (test-side parser, one data line per event).
inline std::vector<std::string> data_lines(const std::string& sse)
{
  std::vector<std::string> out;
  std::istringstream in(sse);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("data: ", 0) == 0) {
      out.push_back(line.substr(6));
    }
  }
  return out;
}

} // namespace tokenrouter::stream::testing
