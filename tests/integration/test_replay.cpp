// Record and replay through the real daemon: a recorded session (streaming and non-streaming,
// OpenAI and Anthropic, tool calls) replays byte for byte with no upstream call, billed like a
// live one; a strict miss names what changed; a killed recorder leaves a readable cassette;
// `tokenrouter replay` gates on cost.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/replay/cassette_file.hpp"
#include "core/store/database.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/db_scalar.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {


std::string fresh_dir(const std::string& name)
{
  const auto dir = std::filesystem::current_path() / name;
  std::filesystem::remove_all(dir);
  return dir.string();
}

std::string
replay_config(const std::string& upstream, const std::string& mode, const std::string& dir)
{
  return "[replay]\nmode = \"" + mode + "\"\ndir = \"" + dir
         + "\"\ncassette = \"session\"\nspeed = 0\n" + fake_routes_config(upstream);
}

struct Call {
  std::string path;
  json body;
};

json tools()
{
  return json::array(
      {{{"type", "function"},
        {"function",
         {{"name", "read_file"},
          {"description", "Read a file"},
          {"parameters",
           {{"type", "object"}, {"properties", {{"path", {{"type", "string"}}}}}}}}}}});
}

// A small agent session: both dialects, streaming and not, tool calls, and one request sent
// twice (its two answers must come back in recorded order).
std::vector<Call> session()
{
  const json user = {{"role", "user"}, {"content", "list the files"}};
  return {
      {"/v1/chat/completions", {{"model", "gpt-4o"}, {"messages", {user}}, {"tools", tools()}}},
      {"/v1/chat/completions",
       {{"model", "gpt-4o"},
        {"stream", true},
        {"stream_options", {{"include_usage", true}}},
        {"messages", {user}},
        {"tools", tools()}}},
      {"/v1/messages", {{"model", "claude-sonnet-4-5"}, {"max_tokens", 100}, {"messages", {user}}}},
      {"/v1/messages",
       {{"model", "claude-sonnet-4-5"},
        {"max_tokens", 100},
        {"stream", true},
        {"messages", {user}}}},
      {"/v1/chat/completions",
       {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "again"}}}}}},
      {"/v1/chat/completions",
       {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "again"}}}}}},
  };
}

HttpAnswer send(const DaemonProcess& daemon,
                const std::string& path,
                const std::string& body,
                std::map<std::string, std::string> headers = {})
{
  headers["Authorization"] = "Bearer " + daemon.dev_key();
  return http_post(daemon.url(), path, body, headers);
}

Scripted script(const std::string& text, bool tool_call)
{
  Scripted s;
  s.text = text;
  if (tool_call) {
    s.tool_calls = {{"read_file", {{"path", "README.md"}}}};
  }
  s.cached_tokens = 40;
  s.input_tokens = 100;
  return s;
}

// Records session() into <dir>/session; returns the bodies the client got.
std::vector<std::string>
record_session(FakeUpstream& upstream, const std::string& dir, std::string* key = nullptr)
{
  DaemonProcess recorder({replay_config(upstream.url(), "record", dir), fake_env()});
  if (key != nullptr) {
    *key = recorder.dev_key();
  }
  std::vector<std::string> bodies;
  int n = 0;
  for (const auto& call : session()) {
    ++n;
    upstream.set_script(script("answer " + std::to_string(n), n <= 2));
    const auto answer = send(recorder, call.path, call.body.dump());
    REQUIRE(answer.status == 200);
    bodies.push_back(answer.body);
  }
  return bodies;
}

} // namespace

TEST_SUITE("integration::replay")
{
  TEST_CASE("a recorded session replays byte for byte with no upstream call, billed as replayed")
  {
    FakeUpstream upstream;
    const std::string dir = fresh_dir("cassettes-session");
    std::string recorded_key;
    const auto recorded = record_session(upstream, dir, &recorded_key);
    CHECK(upstream.calls() == session().size());
    const std::string cassette = read_file(dir + "/session/exchanges.jsonl");
    CHECK(cassette.find("upstream-secret")
          == std::string::npos); // no credential reaches a cassette
    CHECK(cassette.find(recorded_key) == std::string::npos);

    upstream.set_script(script("the upstream must not be asked", false));
    DaemonProcess replayer({replay_config(upstream.url(), "replay", dir), fake_env()});
    const auto calls_before = upstream.calls();
    const auto calls = session();
    for (size_t i = 0; i < calls.size(); ++i) {
      CAPTURE(i);
      const auto answer = send(replayer, calls[i].path, calls[i].body.dump());
      CHECK(answer.status == 200);
      CHECK(answer.body == recorded[i]);
    }
    CHECK(recorded[4] != recorded[5]); // the repeated request's answers, in recorded order
    CHECK(upstream.calls() == calls_before);
    const auto db = replayer.db_path();
    CHECK(db_scalar(db, "SELECT count(*) FROM requests WHERE replayed = 1")
          == static_cast<int64_t>(calls.size()));
    CHECK(db_scalar(db,
                 "SELECT count(*) FROM requests WHERE replayed = 1 AND output_tokens > 0 AND "
                 "cost_nanousd > 0")
          == static_cast<int64_t>(calls.size()));
  }

  TEST_CASE("reordered JSON keys and whitespace still hit the recorded request")
  {
    FakeUpstream upstream;
    const std::string dir = fresh_dir("cassettes-keys");
    {
      DaemonProcess recorder({replay_config(upstream.url(), "record", dir), fake_env()});
      REQUIRE(
          send(
              recorder,
              "/v1/chat/completions",
              R"({"model":"gpt-4o","temperature":0.5,"messages":[{"role":"user","content":"hi"}]})")
              .status
          == 200);
    }
    DaemonProcess replayer({replay_config(upstream.url(), "replay", dir), fake_env()});
    const auto before = upstream.calls();
    const auto answer = send(replayer,
                             "/v1/chat/completions",
                             "{ \"messages\" : [ {\"content\":\"hi\", \"role\":\"user\"} ],\n"
                             "  \"temperature\": 0.5, \"model\": \"gpt-4o\" }");
    CHECK(answer.status == 200);
    CHECK(upstream.calls() == before);
  }

  TEST_CASE("a strict miss is 404 replay_miss in the client's dialect, naming the first difference")
  {
    FakeUpstream upstream;
    const std::string dir = fresh_dir("cassettes-miss");
    const json system = {{"role", "system"}, {"content", "be brief"}};
    {
      DaemonProcess recorder({replay_config(upstream.url(), "record", dir), fake_env()});
      const json body = {{"model", "gpt-4o"},
                         {"messages", {system, {{"role", "user"}, {"content", "hello world"}}}}};
      REQUIRE(send(recorder, "/v1/chat/completions", body.dump()).status == 200);
    }
    DaemonProcess replayer({replay_config(upstream.url(), "replay", dir), fake_env()});
    const auto before = upstream.calls();
    const json changed = {{"model", "gpt-4o"},
                          {"messages", {system, {{"role", "user"}, {"content", "hello there"}}}}};
    const auto miss = send(replayer, "/v1/chat/completions", changed.dump());
    CHECK(miss.status == 404);
    const auto error = miss.json()["error"];
    CHECK(error["type"] == "replay_miss");
    const std::string message = error["message"].get<std::string>();
    CAPTURE(message);
    CHECK(message.find("cassette \"session\"") != std::string::npos);
    CHECK(message.find("messages[1] (user)") != std::string::npos);
    CHECK(message.find("hello world") != std::string::npos);
    CHECK(message.find("hello there") != std::string::npos);

    const json anthropic = {{"model", "claude-sonnet-4-5"},
                            {"max_tokens", 10},
                            {"messages", {{{"role", "user"}, {"content", "new"}}}}};
    const auto anthropic_miss = send(replayer, "/v1/messages", anthropic.dump());
    CHECK(anthropic_miss.status == 404);
    CHECK(anthropic_miss.json()["type"] == "error");
    CHECK(anthropic_miss.json()["error"]["type"] == "replay_miss");
    CHECK(upstream.calls() == before);
  }

  TEST_CASE("replay-or-forward forwards a miss once, records it, and replays it afterwards")
  {
    FakeUpstream upstream;
    const std::string dir = fresh_dir("cassettes-rof");
    DaemonProcess daemon({replay_config(upstream.url(), "replay-or-forward", dir), fake_env()});
    const json body = {{"model", "gpt-4o"},
                       {"messages", {{{"role", "user"}, {"content", "once"}}}}};
    const auto first = send(daemon, "/v1/chat/completions", body.dump());
    CHECK(first.status == 200);
    CHECK(upstream.calls() == 1);
    const auto second = send(daemon, "/v1/chat/completions", body.dump());
    CHECK(second.body == first.body);
    CHECK(upstream.calls() == 1);
    CHECK(tokenrouter::replay::load_cassette(dir + "/session")->records.size() == 1);
  }

  TEST_CASE("x-tokenrouter-record / -replay name a cassette per request; a name with a path is refused")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({fake_routes_config(upstream.url()), fake_env()});
    const json body = {{"model", "gpt-4o"},
                       {"messages", {{{"role", "user"}, {"content", "tape me"}}}}};
    CHECK(send(daemon, "/v1/chat/completions", body.dump(), {{"x-tokenrouter-record", "adhoc"}})
              .status
          == 200);
    const auto loaded = tokenrouter::replay::load_cassette(daemon.dir() + "/cassettes/adhoc");
    REQUIRE(loaded);
    CHECK(loaded->records.size() == 1);
    const auto calls = upstream.calls();
    const auto replayed = send(daemon, "/v1/chat/completions", body.dump(), {{"x-tokenrouter-replay", "adhoc"}});
    CHECK(replayed.status == 200);
    CHECK(upstream.calls() == calls);
    const json other = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "not taped"}}}}};
    const auto miss = send(daemon, "/v1/chat/completions", other.dump(), {{"x-tokenrouter-replay", "adhoc"}});
    CHECK(miss.status == 404);
    CHECK(miss.json()["error"]["type"] == "replay_miss");
    for (const std::string bad : {"../escape", "..", ".hidden", "a/b"}) {
      CAPTURE(bad);
      const auto refused =
          send(daemon, "/v1/chat/completions", body.dump(), {{"x-tokenrouter-record", bad}});
      CHECK(refused.status == 400);
    }
    CHECK(!std::filesystem::exists(daemon.dir() + "/escape"));
    CHECK(!std::filesystem::exists(daemon.dir() + "/cassettes/.hidden"));
  }

  TEST_CASE("a recorder killed with SIGKILL leaves a readable cassette")
  {
    FakeUpstream upstream;
    const std::string dir = fresh_dir("cassettes-kill");
    DaemonProcess recorder({replay_config(upstream.url(), "record", dir), fake_env()});
    std::atomic<int> completed{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
      clients.emplace_back([&, t] {
        for (int i = 0; i < 200 && !stop; ++i) {
          const json body = {
              {"model", "gpt-4o"},
              {"stream", i % 2 == 0},
              {"messages", {{{"role", "user"}, {"content", "n" + std::to_string(t * 1000 + i)}}}}};
          if (send(recorder, "/v1/chat/completions", body.dump()).status == 200) {
            ++completed;
          }
        }
      });
    }
    for (int i = 0; i < 500 && completed < 20; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    recorder.kill();
    stop = true;
    for (auto& client : clients) {
      client.join();
    }
    // A torn last line, as a kill in the middle of a write would leave.
    std::ofstream(dir + "/session/exchanges.jsonl", std::ios::app)
        << R"({"full_hash":"abc","client":{"dia)";
    const auto loaded = tokenrouter::replay::load_cassette(dir + "/session");
    REQUIRE(loaded);
    CHECK(static_cast<int>(loaded->records.size()) >= completed.load());
    CHECK(loaded->warnings.size() == 1);

    recorder.restart(); // appends after the torn line start on a line of their own
    const json body = {{"model", "gpt-4o"},
                       {"messages", {{{"role", "user"}, {"content", "after"}}}}};
    CHECK(send(recorder, "/v1/chat/completions", body.dump()).status == 200);
    const auto reloaded = tokenrouter::replay::load_cassette(dir + "/session");
    CHECK(reloaded->records.size() == loaded->records.size() + 1);
    CHECK(reloaded->warnings.size() == 1);
  }

  TEST_CASE("tokenrouter replay: exit 3 over --max-cost with the reason, 0 within; no progress bar "
            "without a TTY")
  {
    FakeUpstream upstream;
    const std::string dir = fresh_dir("cassettes-cli");
    record_session(upstream, dir);
    DaemonProcess target({fake_routes_config(upstream.url()), fake_env()});
    const std::vector<std::string> common = {"--db",
                                             target.db_path(),
                                             "--config",
                                             target.dir() + "/config.toml",
                                             "replay",
                                             dir + "/session",
                                             "--target",
                                             target.url(),
                                             "--key",
                                             target.dev_key()};
    auto over = common;
    over.insert(over.end(), {"--max-cost", "0.000001", "--json"});
    const auto failed = run_cli_binary(over);
    CHECK(failed.exit_code == 3);
    const auto summary = json::parse(failed.out, nullptr, false);
    REQUIRE(summary.is_object());
    CHECK(summary["requests"] == session().size());
    CHECK(summary["errors"] == 0);
    CHECK(summary["cost_nanousd"].get<int64_t>() > 0);
    CHECK(summary["cached_tokens"].get<int64_t>() > 0);
    REQUIRE(summary["gate_failures"].size() == 1);
    CHECK(summary["gate_failures"][0].get<std::string>().find("--max-cost") != std::string::npos);

    auto within = common;
    within.insert(within.end(), {"--max-cost", "100", "--max-errors", "0", "-j", "3"});
    const auto passed = run_cli_binary(within);
    CHECK(passed.exit_code == 0);
    CHECK(passed.out.find("requests") != std::string::npos);
    CHECK(passed.out.find('\r') == std::string::npos); // stdout is a pipe: no progress bar
    CHECK(passed.out.find("[#") == std::string::npos);

    const std::string baseline = std::filesystem::current_path() / "baseline.json";
    std::ofstream(baseline) << failed.out;
    auto compared = common;
    compared.insert(compared.end(), {"--compare", baseline, "--json"});
    const auto with_baseline = json::parse(run_cli_binary(compared).out, nullptr, false);
    CHECK(with_baseline["compare"]["requests"]["change"] == 0);

    const std::string log = std::filesystem::current_path() / "requests.jsonl";
    std::ofstream(log)
        << R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})"
        << "\n"
        << "not json\n"
        << R"({"model":"claude-sonnet-4-5","max_tokens":5,"system":"s","messages":[{"role":"user","content":"hi"}]})"
        << "\n";
    const auto imported = run_cli_binary({"--db",
                                          target.db_path(),
                                          "--json",
                                          "cassette",
                                          "import",
                                          log,
                                          "--cassette",
                                          dir + "/imported"});
    CHECK(imported.exit_code == 0);
    CHECK(json::parse(imported.out, nullptr, false)["imported"] == 2);
    const auto requests = tokenrouter::replay::load_cassette(dir + "/imported");
    REQUIRE(requests->records.size() == 2);
    CHECK(requests->records[1].client_path == "/v1/messages");
    auto replay_imported = common;
    replay_imported[5] = dir + "/imported";
    CHECK(run_cli_binary(replay_imported).exit_code == 0);

    const auto traversal =
        run_cli_binary({"--db", target.db_path(), "replay", "..", "--target", target.url()});
    CHECK(traversal.exit_code != 0);
    CHECK(traversal.err.find("invalid cassette name") != std::string::npos);
  }
}
