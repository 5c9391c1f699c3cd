#include <doctest/doctest.h>

#include "core/stream/sse_parser.hpp"

namespace tokenrouter::stream {

namespace {

std::vector<SseEvent> parse_all(SseParser& parser, std::string_view text, size_t piece)
{
  std::vector<SseEvent> events;
  for (size_t pos = 0; pos < text.size(); pos += piece) {
    auto parsed = parser.feed(text.substr(pos, piece));
    REQUIRE(parsed);
    events.insert(events.end(), parsed->begin(), parsed->end());
  }
  return events;
}

} // namespace

TEST_SUITE("stream::SseParser")
{
  TEST_CASE("named events with LF, CRLF and CR line ends, split anywhere")
  {
    const std::string_view text = "event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\nevent: c\rdata: 3\r\r";
    for (const size_t piece : {size_t{1}, size_t{2}, size_t{5}, text.size()}) {
      CAPTURE(piece);
      SseParser parser;
      const auto events = parse_all(parser, text, piece);
      REQUIRE(events.size() == 3);
      CHECK(events[0].event == "a");
      CHECK(events[0].data == "1");
      CHECK(events[1].event == "b");
      CHECK(events[1].data == "2");
      CHECK(events[2].event == "c");
      CHECK(events[2].data == "3");
    }
  }

  TEST_CASE("multi-line data is joined with newlines")
  {
    SseParser parser;
    const auto events = parse_all(parser, "data: {\"a\":\ndata:1}\n\n", 3);
    REQUIRE(events.size() == 1);
    CHECK(events[0].event.empty());
    CHECK(events[0].data == "{\"a\":\n1}");
  }

  TEST_CASE("comments, id, retry and unknown fields are ignored; only one space is stripped")
  {
    SseParser parser;
    const auto events =
        parse_all(parser, ": ping\nid: 7\nretry: 100\nfoo: bar\ndata:  two spaces\n\n", 4);
    REQUIRE(events.size() == 1);
    CHECK(events[0].data == " two spaces");
  }

  TEST_CASE("an event without data is not dispatched; a bare `data` line is empty data")
  {
    SseParser parser;
    const auto events = parse_all(parser, "event: lonely\n\ndata\n\n", 1);
    REQUIRE(events.size() == 1);
    CHECK(events[0].event.empty()); // the event name was reset by the blank line
    CHECK(events[0].data.empty());
  }

  TEST_CASE("an incomplete event waits for its blank line")
  {
    SseParser parser;
    auto first = parser.feed("data: [DONE]\n");
    REQUIRE(first);
    CHECK(first->empty());
    auto second = parser.feed("\n");
    REQUIRE(second);
    REQUIRE(second->size() == 1);
    CHECK((*second)[0].data == "[DONE]");
  }

  TEST_CASE("a line over the limit is an upstream_failed error")
  {
    SseParser parser(16);
    auto ok = parser.feed("data: 0123456789");
    REQUIRE(ok);
    auto too_long = parser.feed("abcdef");
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().code == ErrorCode::upstream_failed);
  }

  TEST_CASE("an event whose data lines add up over the limit is an error")
  {
    SseParser parser(16);
    auto result = parser.feed("data: 0123456789\ndata: 0123456789\n\n");
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ErrorCode::upstream_failed);
  }
}

} // namespace tokenrouter::stream
