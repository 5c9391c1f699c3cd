// Cassette records, names, the index's replay order and the miss diagnostics.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/config/env.hpp"
#include "core/replay/cassette.hpp"
#include "core/replay/cassette_file.hpp"
#include "core/replay/index.hpp"
#include "core/replay/request_diff.hpp"

using namespace tokenrouter;
using replay::Json;

namespace {

replay::Record answered(const std::string& hash, const std::string& body)
{
  replay::Record r;
  r.full_hash = hash;
  r.model = "gpt-4o";
  r.client_body = Json::parse(R"({"model":"gpt-4o","messages":[]})");
  r.request = Json::parse(
      R"({"tools":[],"system":[],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"parameters":{}})");
  r.response = replay::Response{200, "application/json", false, body, {}};
  return r;
}

} // namespace

TEST_SUITE("replay::Cassette")
{
  TEST_CASE("a record survives its JSON line byte for byte, streams included")
  {
    auto r = answered("h1", "{\"b\": 1,\n \"a\": 2}");
    r.usage.cache_read_tokens = 7;
    auto line = replay::to_line(r);
    CHECK(line.find('\n') == std::string::npos);
    auto back = replay::from_line(line);
    REQUIRE(back);
    CHECK(back->response->body == "{\"b\": 1,\n \"a\": 2}");
    CHECK(back->usage.cache_read_tokens == 7);
    CHECK(back->client_body.dump() == R"({"model":"gpt-4o","messages":[]})"); // key order kept

    r.response = replay::Response{
        200, "text/event-stream", true, "", {{0, "data: {}\n\n"}, {15, "data: [DONE]\n\n"}}};
    back = replay::from_line(replay::to_line(r));
    REQUIRE(back);
    REQUIRE(back->response->events.size() == 2);
    CHECK(back->response->events[1].ms == 15);
    CHECK(back->response->events[1].data == "data: [DONE]\n\n");
  }

  TEST_CASE("cassette names are single safe path components")
  {
    for (const char* good : {"ci", "session-1.v2", "A_b"}) {
      CHECK(replay::check_name(good));
    }
    for (const char* bad : {"", "..", ".", ".hidden", "a/b", "../x", "a\\b", "a b", "x\n"}) {
      CAPTURE(bad);
      CHECK_FALSE(replay::check_name(bad));
    }
    CHECK(*replay::cassette_dir("/tmp/c", "ci") == "/tmp/c/ci");
    CHECK(replay::default_root("/var/lib/tr/tokenrouter.db") == "/var/lib/tr/cassettes");
  }

  TEST_CASE("a torn last line is skipped with a warning; the next append starts a fresh line")
  {
    const std::string dir = (std::filesystem::current_path() / "torn").string();
    std::filesystem::remove_all(dir);
    REQUIRE(replay::append_record(dir, answered("h1", "{}")));
    std::ofstream(dir + "/exchanges.jsonl", std::ios::app) << R"({"full_hash":"h2","cli)";
    auto loaded = replay::load_cassette(dir);
    REQUIRE(loaded);
    CHECK(loaded->records.size() == 1);
    CHECK(loaded->warnings.size() == 1);
    REQUIRE(replay::append_record(dir, answered("h3", "{}")));
    loaded = replay::load_cassette(dir);
    CHECK(loaded->records.size() == 2);
    CHECK(loaded->records[1].full_hash == "h3");
    CHECK(replay::load_cassette(dir + "-missing")->exists == false);
  }
}

TEST_SUITE("replay::Index")
{
  TEST_CASE("identical requests get their answers in recorded order, then the last again")
  {
    replay::Index index({answered("h", "first"), answered("other", "x"), answered("h", "second")});
    CHECK(index.next("h")->response->body == "first");
    CHECK(index.next("h")->response->body == "second");
    CHECK(index.next("h")->response->body == "second");
    CHECK(index.next("nope") == nullptr);
  }

  TEST_CASE("imported requests without an answer are not replayable")
  {
    auto imported = answered("", "");
    imported.response.reset();
    replay::Index index({imported});
    CHECK(index.size() == 0);
    CHECK(index.nearest(Json::object()).find("no recorded answers") != std::string::npos);
  }

  TEST_CASE("a miss names the nearest recorded request and its first difference")
  {
    auto near = answered("h1", "{}");
    near.request["messages"].push_back(
        Json::parse(R"({"role":"assistant","content":[{"type":"text","text":"ok"}]})"));
    auto far = answered("h2", "{}");
    far.request["messages"] = Json::array();
    replay::Index index({far, near});
    auto now = near.request;
    now["messages"][1]["content"][0]["text"] = "changed";
    const auto said = index.nearest(now);
    CAPTURE(said);
    CHECK(said.find("#2 of 2") != std::string::npos);
    CHECK(said.find("messages[1] (assistant)") != std::string::npos);
    CHECK(said.find("content[0].text") != std::string::npos);
    CHECK(said.find("\"ok\" in the cassette, \"changed\" now") != std::string::npos);
  }

  TEST_CASE("first_difference: extra messages and missing keys")
  {
    const auto a = Json::parse(R"({"messages":[{"role":"user"}],"parameters":{"model":"a"}})");
    auto b = a;
    b["messages"].push_back(Json::parse(R"({"role":"user","content":"more"})"));
    auto d = replay::first_difference(a, b);
    REQUIRE(d);
    CHECK(d->path == "messages[1]");
    CHECK(d->recorded == "(absent)");
    CHECK(d->role == "user");
    b = a;
    b["parameters"]["temperature"] = 1;
    d = replay::first_difference(a, b);
    REQUIRE(d);
    CHECK(d->path == "parameters.temperature");
    CHECK_FALSE(replay::first_difference(a, a));
  }
}

TEST_SUITE("replay::config")
{
  TEST_CASE("[replay] keys: modes, a safe default cassette name, a bounded speed")
  {
    config::Config c;
    CHECK(config::apply_override(c, "replay", "mode", "replay-or-forward", "test"));
    CHECK(c.replay.mode == "replay-or-forward");
    CHECK_FALSE(config::apply_override(c, "replay", "mode", "playback", "test"));
    CHECK(config::apply_override(c, "replay", "cassette", "ci-suite", "test"));
    CHECK_FALSE(config::apply_override(c, "replay", "cassette", "../elsewhere", "test"));
    CHECK(c.replay.cassette == "ci-suite");
    CHECK(config::apply_override(c, "replay", "speed", "0", "test"));
    CHECK_FALSE(config::apply_override(c, "replay", "speed", "-1", "test"));
  }
}
