// Hostile clients against the real daemon over real sockets: oversized or malformed requests,
// slow and abandoned connections, connection floods and SQL in every string a client controls.
// Each case is bounded in time and ends by checking that the daemon still answers /health.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/admin/ops.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/db_scalar.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/raw_socket.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string k_admin_key = "adm-hostile-0123456789abcdef0123";

struct Rig {
  explicit Rig(const std::string& server_section = "")
      : daemon({fake_routes_config(upstream.url(), server_section), env()})
  {
  }

  static std::map<std::string, std::string> env()
  {
    auto e = fake_env();
    e.emplace("TOKENROUTER_ADMIN_KEY", k_admin_key);
    return e;
  }

  bool healthy() const { return http_get(daemon.url(), "/health").status == 200; }

  HttpAnswer chat(const std::string& body, const std::map<std::string, std::string>& extra = {})
  {
    auto headers = extra;
    headers.emplace("Authorization", "Bearer " + key);
    return http_post(daemon.url(), "/v1/chat/completions", body, headers, 20);
  }

  HttpAnswer admin(const std::string& path, const json& args)
  {
    return http_post(daemon.url(), path, args.dump(), {{"Authorization", "Bearer " + k_admin_key}});
  }

  FakeUpstream upstream;
  DaemonProcess daemon;
  std::string key = daemon.dev_key();
};

json chat_body(const std::string& content, bool stream = false, const std::string& model = "gpt-4o")
{
  return {{"model", model}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", content}}}}};
}

// A request head declaring `length` body bytes that will never be sent.
std::string head_declaring(const std::string& path, const std::string& auth, long long length)
{
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
         + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
}

size_t open_fds(pid_t pid)
{
  size_t count = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++count;
  }
  return count;
}

template <class Predicate>
bool eventually(Predicate done, std::chrono::seconds bound)
{
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

} // namespace

TEST_SUITE("integration::hostile")
{
  TEST_CASE("a declared body over the cap that never comes is 413 in the dialect, bounded by the read timeout")
  {
    // httplib 0.11 drains a body over the cap before answering (so a client sending it whole
    // reads its 413): a body that never comes holds the worker until the read timeout, no longer.
    Rig rig("\n[server]\nmax_body_bytes = 1048576\nread_timeout_s = 2\n");
    const long long declared = 1'000'000'000;
    RawSocket openai(rig.daemon.port());
    REQUIRE(openai.send(head_declaring("/v1/chat/completions", "Authorization: Bearer " + rig.key, declared)));
    const std::string openai_answer = openai.read_response(15s);
    CHECK(raw_status(openai_answer) == 413);
    const json openai_error = json::parse(raw_body(openai_answer), nullptr, false);
    CHECK(openai_error["error"]["type"] == "invalid_request_error");

    RawSocket anthropic(rig.daemon.port());
    REQUIRE(anthropic.send(head_declaring("/v1/messages", "x-api-key: " + rig.key, declared)));
    const std::string anthropic_answer = anthropic.read_response(15s);
    CHECK(raw_status(anthropic_answer) == 413);
    const json anthropic_error = json::parse(raw_body(anthropic_answer), nullptr, false);
    CHECK(anthropic_error["type"] == "error");
    CHECK(anthropic_error["error"]["type"] == "request_too_large");
    CHECK(rig.upstream.calls() == 0);
    CHECK(rig.healthy());
  }

  TEST_CASE("invalid UTF-8, a body that is not JSON and deeply nested JSON are 400 in the dialect")
  {
    Rig rig;
    auto bad_utf8 = rig.chat(R"({"model":"gpt-4o","messages":[{"role":"user","content":"a )" "\xff\xfe\xc3"
                             R"( b"}]})");
    CHECK(bad_utf8.status == 400);
    CHECK(bad_utf8.json()["error"]["type"] == "invalid_request_error");

    auto not_json = http_post(rig.daemon.url(), "/v1/messages", "\x01\x02<html>not json", {{"x-api-key", rig.key}});
    CHECK(not_json.status == 400);
    CHECK(not_json.json()["type"] == "error");
    CHECK(not_json.json()["error"]["type"] == "invalid_request_error");

    // 100,000 levels: a recursive parser or printer would overflow its stack here.
    const size_t depth = 100'000;
    const std::string nested = std::string(depth, '[') + std::string(depth, ']');
    auto deep = rig.chat(R"({"model":"gpt-4o","messages":[{"role":"user","content":)" + nested + "}]}");
    CHECK(deep.status >= 400);
    CHECK(deep.status < 500);
    CHECK(rig.upstream.calls() == 0);
    CHECK(rig.healthy());
  }

  TEST_CASE("huge headers get an error or a closed connection, never a crash")
  {
    Rig rig;
    {
      RawSocket one_big(rig.daemon.port());
      (void)one_big.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(200 * 1024, 'a')
                         + "\r\n\r\n");
      const int status = raw_status(one_big.read_response(15s));
      CHECK((status == 0 || status >= 400));
    }
    {
      RawSocket many(rig.daemon.port());
      std::string head = "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + rig.key + "\r\n";
      for (int i = 0; i < 10'000; ++i) {
        head += "X-H" + std::to_string(i) + ": v\r\n";
      }
      (void)many.send(head + "\r\n");
      const int status = raw_status(many.read_response(15s));
      CHECK((status == 0 || status == 200 || status >= 400)); // answered or refused, not hung
    }
    CHECK(rig.healthy());
    CHECK(rig.chat(chat_body("still there?").dump()).status == 200);
  }

  TEST_CASE("slowloris connections are cut by the read timeout and cannot starve the workers")
  {
    Rig rig("\n[server]\nthreads = 8\nread_timeout_s = 2\n");
    std::atomic<bool> stop{false};
    std::vector<std::thread> trickles;
    for (int i = 0; i < 12; ++i) {
      trickles.emplace_back([&] {
        try {
          RawSocket slow(rig.daemon.port());
          const std::string request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
          (void)slow.send(request);
          // One byte every 3 s (longer than the read timeout) for at most 30 s.
          for (int n = 0; n < 10 && !stop.load(); ++n) {
            for (int t = 0; t < 30 && !stop.load(); ++t) {
              std::this_thread::sleep_for(100ms);
            }
            if (!slow.send("a")) {
              break;
            }
          }
        } catch (const std::exception&) {
          // connect refused: the daemon is protecting itself, which is fine too
        }
      });
    }
    std::this_thread::sleep_for(500ms); // let them take the workers
    const auto start = std::chrono::steady_clock::now();
    auto answer = rig.chat(chat_body("am I starved?").dump());
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(answer.status == 200);
    CHECK(waited < 20s);
    CHECK(rig.healthy());
    stop = true;
    for (auto& t : trickles) {
      t.join();
    }
  }

  TEST_CASE("10,000 rapid connections leave the daemon healthy and leak no descriptors")
  {
    Rig rig;
    const pid_t pid = rig.daemon.pid();
    REQUIRE(rig.healthy());
    const size_t before = open_fds(pid);
    REQUIRE(before > 0);
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    int done = 0;
    for (; done < 10'000 && std::chrono::steady_clock::now() < deadline; ++done) {
      RawSocket connection(rig.daemon.port());
      if (done % 4 == 0) {
        (void)connection.send("GET /hea"); // half a request, then gone
      }
    }
    MESSAGE("connect/close cycles: " << done);
    CHECK(done == 10'000);
    CHECK(rig.healthy());
    CHECK(eventually([&] { return open_fds(pid) <= before + 4; }, 20s));
    MESSAGE("open fds before " << before << ", after " << open_fds(pid));
  }

  TEST_CASE("a client that never reads its stream is cut at the write timeout, the upstream cancelled")
  {
    Rig rig("\n[server]\nwrite_timeout_s = 2\n");
    // Words of 64 KiB make each endless event big, so the socket buffers fill in moments.
    const std::string word(64 * 1024, 'w');
    rig.upstream.set_script({.text = word + " " + word + " " + word});
    rig.upstream.push_fault({Fault::endless_stream});
    RawSocket reader(rig.daemon.port(), 4096);
    const std::string body = chat_body("never read", true).dump();
    REQUIRE(reader.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + rig.key + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + std::to_string(body.size()) + "\r\n\r\n" + body));
    // The client now reads nothing. Buffers fill, the daemon's write times out, it drops the
    // upstream stream and records the request as closed by the client.
    CHECK(eventually([&] { return rig.upstream.streams_cut_by_client() >= 1; }, 40s));
    CHECK(eventually([&] { return db_scalar(rig.daemon.db_path(), "SELECT count(*) FROM requests") == 1; },
                     10s));
    CHECK(db_scalar(rig.daemon.db_path(), "SELECT status FROM requests") == 499);
    CHECK(rig.healthy());
    CHECK(rig.chat(chat_body("after").dump()).status == 200);
  }

  TEST_CASE("SQL metacharacters in every string field are stored and echoed literally")
  {
    Rig rig;
    const std::string evil = "x'); DROP TABLE requests; --\"` \\ %_ ;";
    auto user = rig.admin("/admin/users/create", {{"email", evil + "@example.com"}, {"name", evil}});
    REQUIRE(user.status == 200);
    CHECK(user.json()["name"] == evil);
    CHECK(user.json()["email"] == evil + "@example.com");
    auto key = rig.admin("/admin/keys/create", {{"name", evil}, {"user", evil + "@example.com"}});
    REQUIRE(key.status == 200);
    CHECK(key.json()["name"] == evil);
    auto shown = rig.admin("/admin/keys/show", {{"id", key.json()["id"]}});
    CHECK(shown.json().dump().find(json(evil).dump()) != std::string::npos);
    auto lookup = rig.admin("/admin/users/show", {{"id", evil}});
    CHECK(lookup.status == 404);

    auto unknown_model = rig.chat(chat_body("hi", false, evil).dump());
    CHECK(unknown_model.status == 404);
    auto ok = rig.chat(chat_body("hi").dump(), {{"Idempotency-Key", evil}, {"x-request-id", evil}});
    CHECK(ok.status == 200);
    CHECK(ok.header("x-request-id") != evil); // not a safe id: the daemon makes its own
    auto again = rig.chat(chat_body("hi").dump(), {{"Idempotency-Key", evil}});
    CHECK(again.status == 200);

    const std::string db = rig.daemon.db_path();
    CHECK(eventually([&] { return db_scalar(db, "SELECT count(*) FROM requests WHERE status = 200") >= 1; },
                     10s));
    CHECK(db_scalar(db, "SELECT count(*) FROM users WHERE name = '" + std::string("x''); DROP TABLE requests; --\"` \\ %_ ;") + "'") == 1);
    CHECK(db_scalar(db, "SELECT count(*) FROM api_keys WHERE name = 'x''); DROP TABLE requests; --\"` \\ %_ ;'") == 1);
    CHECK(db_scalar(db, "SELECT count(*) FROM requests WHERE idempotency_key = 'x''); DROP TABLE requests; --\"` \\ %_ ;'") == 1);
    CHECK(db_scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'requests'") == 1);
    CHECK(rig.healthy());
  }

  TEST_CASE("every admin operation is 401 without the admin key or with a wrong one, and shows no data")
  {
    Rig rig;
    size_t checked = 0;
    for (const auto& op : tokenrouter::admin::all_ops()) {
      std::string path = "/admin/" + std::string(op.name);
      std::replace(path.begin(), path.end(), '.', '/');
      CAPTURE(path);
      for (const std::map<std::string, std::string>& headers :
           {std::map<std::string, std::string>{},
            {{"Authorization", "Bearer wrong-admin-key"}},
            {{"Authorization", "Bearer " + rig.key}},
            {{"x-api-key", k_admin_key}}}) {
        auto answer = http_post(rig.daemon.url(), path, "{}", headers);
        CHECK(answer.status == 401);
        const json body = answer.json();
        CHECK(body.size() == 1);
        CHECK(body.contains("error"));
        ++checked;
      }
      CHECK(http_get(rig.daemon.url(), path).status == 401);
    }
    MESSAGE("admin requests refused: " << checked);
    CHECK(checked >= 4 * 8);
  }
}
