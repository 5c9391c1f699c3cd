// Golden streams: each tests/golden/streams/<direction>/<case>.upstream.sse, fed in pieces of
// 1 byte, 7 bytes, random sizes and whole, must give <case>.expected.sse exactly.
// TKR_UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing).

#include <cstdlib>
#include <filesystem>

#include "tests/unit/stream/stream_test_support.hpp"

namespace tokenrouter::stream::testing {

namespace {

const std::vector<std::string> k_directions = {
    "anthropic-to-openai", "openai-to-anthropic", "anthropic-to-anthropic", "openai-to-openai"};

const std::vector<std::string> k_cases = {
    "text_only", "one_tool", "two_tools", "text_tool", "thinking_text", "error_mid", "truncated"};

} // namespace

TEST_SUITE("stream::golden")
{
  TEST_CASE("every direction and case matches its expected stream in any split")
  {
    const bool update = std::getenv("TKR_UPDATE_GOLDEN") != nullptr;
    for (const std::string& direction : k_directions) {
      for (const std::string& name : k_cases) {
        CAPTURE(direction);
        CAPTURE(name);
        const std::string base = golden_dir() + direction + "/" + name;
        const std::string upstream = read_file(base + ".upstream.sse");
        const TranslateOptions options = direction_options(direction);
        if (update) {
          write_file(base + ".expected.sse", run_stream(options, upstream, 0).output);
        }
        const std::string expected = read_file(base + ".expected.sse");
        for (const int piece : {0, 1, 7, -1}) {
          CAPTURE(piece);
          CHECK(run_stream(options, upstream, piece).output == expected);
        }
      }
    }
  }

  TEST_CASE("the golden directory holds exactly the listed cases")
  {
    namespace fs = std::filesystem;
    for (const std::string& direction : k_directions) {
      size_t files = 0;
      for (const auto& entry : fs::directory_iterator(golden_dir() + direction)) {
        (void)entry;
        ++files;
      }
      CHECK(files == 2 * k_cases.size());
    }
  }
}

} // namespace tokenrouter::stream::testing
