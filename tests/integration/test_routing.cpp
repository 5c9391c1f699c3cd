// Routing through the real daemon and fake upstreams: credential pools, acquisition, retries,
// fallbacks and capacity (issue 7).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <sys/stat.h>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

const std::string k_admin_key = "adm-routing-0123456789abcdef0123";
const std::string k_quota_body = R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota"}})";

HttpAnswer chat(const DaemonProcess& daemon, const std::string& model, bool stream = false)
{
  json body = {{"model", model}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
  return http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                   {{"Authorization", "Bearer " + daemon.dev_key()}});
}

json admin_get(const DaemonProcess& daemon, const std::string& path)
{
  return http_get(daemon.url(), path, {{"Authorization", "Bearer " + k_admin_key}}).json();
}

// One OpenAI-style provider with a personal (primary) key and a pool key.
std::string pool_config(const std::string& url, const std::string& extra_provider = "")
{
  return R"(
[upstream]
first_byte_timeout_s = 60 # a loaded test machine must not turn the storm into timeouts

[pipeline]
dedup = false # every client request is its own upstream call: counts stay exact

[[providers]]
name = "oa"
kind = "openai"
base_url = ")" + url + R"(/v1"
)" + extra_provider + R"(
  [[providers.credentials]]
  env = "PERSONAL_KEY"
  priority = "primary"
  [[providers.credentials]]
  env = "POOL_KEY"
  priority = "pool"

[[models]]
name = "gpt-4o"
provider = "oa"
)";
}

std::map<std::string, std::string> pool_env()
{
  return {{"PERSONAL_KEY", "sk-personal"}, {"POOL_KEY", "sk-pool"}, {"TOKENROUTER_ADMIN_KEY", k_admin_key}};
}

// gpt-4o on two deployments (a limited one on `a`, preferred by "best", an unlimited one on
// `b`), and "primary-model" on `a` falling back to "backup-model" on `b`.
std::string two_upstreams_config(const std::string& a, const std::string& b)
{
  return R"(
[upstream]
first_byte_timeout_s = 2
idle_timeout_s = 2

[routing]
retry_backoff_ms = 10

[[providers]]
name = "a"
kind = "openai"
base_url = ")" + a + R"(/v1"
api_key_env = "KEY_A"

[[providers]]
name = "b"
kind = "openai"
base_url = ")" + b + R"(/v1"
api_key_env = "KEY_B"

[[models]]
name = "gpt-4o"
  [[models.deployments]]
  provider = "a"
  capacity_tpm = 1000000
  [[models.deployments]]
  provider = "b"

[[models]]
name = "primary-model"
provider = "a"
fallbacks = ["backup-model"]

[[models]]
name = "backup-model"
provider = "b"

[[models]]
name = "tiny"
provider = "a"
fallbacks = ["backup-model"]
  
[[models]]
name = "tiny-alone"
  [[models.deployments]]
  provider = "a"
  capacity_concurrent_tokens = 5
)";
}

std::map<std::string, std::string> two_env()
{
  return {{"KEY_A", "sk-a"}, {"KEY_B", "sk-b"}, {"TOKENROUTER_ADMIN_KEY", k_admin_key}};
}

std::string write_acquire_script(const std::string& counter)
{
  std::filesystem::remove(counter);
  const std::string path = std::filesystem::absolute("fetch-token.sh").string();
  std::ofstream(path) << "#!/bin/sh\necho run >> \"$1\"\nsleep 0.5\necho sk-acquired\n";
  chmod(path.c_str(), 0755);
  return path;
}

int lines_in(const std::string& path)
{
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
  }
  return n;
}

json credential(const json& stats, const std::string& name)
{
  for (const auto& p : stats["providers"]) {
    for (const auto& c : p["credentials"]) {
      if (c["name"] == name) {
        return c;
      }
    }
  }
  return nullptr;
}

} // namespace

TEST_SUITE("integration::routing")
{
  TEST_CASE("quota errors on the primary switch to the pool with no client-visible error")
  {
    FakeUpstream upstream;
    upstream.fail_credential("sk-personal", {Fault::status, 429, k_quota_body, 60});
    DaemonProcess daemon({pool_config(upstream.url()), pool_env()});
    for (bool stream : {false, true, false, true}) {
      auto answer = chat(daemon, "gpt-4o", stream);
      CHECK(answer.status == 200);
      CHECK(answer.body.find("Hello") != std::string::npos);
    }
    CHECK(upstream.calls_with("sk-personal") == 1); // then cooling for its retry-after (60 s)
    CHECK(upstream.calls_with("sk-pool") == 4);
    const json stats = admin_get(daemon, "/admin/upstreams");
    CHECK(stats["live"] == true);
    CHECK(credential(stats, "PERSONAL_KEY")["status"] == "cooling");
    CHECK(credential(stats, "PERSONAL_KEY")["quota_errors"] == 1);
    CHECK(credential(stats, "POOL_KEY")["requests"] == 4);
  }

  TEST_CASE("a credential's cooldown honours retry-after, then it is used again")
  {
    FakeUpstream upstream;
    upstream.fail_credential("sk-personal", {Fault::status, 429, k_quota_body, 1});
    DaemonProcess daemon({pool_config(upstream.url()), pool_env()});
    CHECK(chat(daemon, "gpt-4o").status == 200);
    CHECK(chat(daemon, "gpt-4o").status == 200);
    CHECK(upstream.calls_with("sk-personal") == 1);
    const int64_t until = credential(admin_get(daemon, "/admin/upstreams"), "PERSONAL_KEY")["cooldown_until_ms"];
    CHECK(until > 0);
    upstream.fail_credential("sk-personal", {Fault::none});
    std::this_thread::sleep_for(std::chrono::milliseconds(1300)); // past the 1 s retry-after
    CHECK(chat(daemon, "gpt-4o").status == 200);
    CHECK(upstream.calls_with("sk-personal") == 2);
    CHECK(upstream.calls_with("sk-pool") == 2);
  }

  TEST_CASE("storm: 100 concurrent requests with every credential dry run acquire_command once")
  {
    FakeUpstream upstream;
    upstream.fail_credential("sk-personal", {Fault::status, 429, k_quota_body, 600});
    upstream.fail_credential("sk-pool", {Fault::status, 429, k_quota_body, 600});
    const std::string counter = std::filesystem::absolute("acquire-runs.txt").string();
    const std::string script = write_acquire_script(counter);
    DaemonProcess daemon({pool_config(upstream.url(), "acquire_command = [\"" + script + "\", \"" + counter + "\"]\n"),
                          pool_env()});
    std::vector<int> statuses(100);
    std::vector<std::thread> clients;
    for (size_t i = 0; i < statuses.size(); ++i) {
      clients.emplace_back([&, i] { statuses[i] = chat(daemon, "gpt-4o", i % 2 == 1).status; });
    }
    for (auto& c : clients) {
      c.join();
    }
    for (int status : statuses) {
      CHECK(status == 200);
    }
    CHECK(lines_in(counter) == 1);
    CHECK(upstream.calls_with("sk-acquired") == 100);
    const json acquisition = admin_get(daemon, "/admin/upstreams")["providers"][0]["acquisition"];
    CHECK(acquisition["runs_last_hour"] == 1);
    CHECK(acquisition["decisions"]["acquired"] == 1);
    MESSAGE("storm: upstream calls " << upstream.calls() << " (personal " << upstream.calls_with("sk-personal")
                                     << ", pool " << upstream.calls_with("sk-pool") << ", acquired "
                                     << upstream.calls_with("sk-acquired") << "), acquire_command runs "
                                     << lines_in(counter) << ", decisions " << acquisition["decisions"].dump());
  }

  TEST_CASE("5xx before the first byte retries, then falls back to the next deployment")
  {
    FakeUpstream a;
    FakeUpstream b;
    DaemonProcess daemon({two_upstreams_config(a.url(), b.url()), two_env()});
    for (bool stream : {false, true}) {
      a.clear();
      b.clear();
      for (int i = 0; i < 3; ++i) { // the first try and two retries
        a.push_fault({Fault::status, 503, "overloaded"});
      }
      auto answer = chat(daemon, "gpt-4o", stream);
      CHECK(answer.status == 200);
      CHECK(a.calls() == 3);
      CHECK(b.calls() == 1);
    }
    a.clear();
    b.clear();
    a.push_fault({Fault::status, 502, "bad gateway"}); // a retry on the same deployment fixes it
    CHECK(chat(daemon, "gpt-4o").status == 200);
    CHECK(a.calls() == 2);
    CHECK(b.calls() == 0);
  }

  TEST_CASE("a timeout before the first byte falls back to the model's fallbacks")
  {
    FakeUpstream a;
    FakeUpstream b;
    DaemonProcess daemon({two_upstreams_config(a.url(), b.url()), two_env()});
    for (bool stream : {false, true}) {
      a.clear();
      b.clear();
      a.push_fault({Fault::stall_headers, 200, "", -1, 4000});
      auto answer = chat(daemon, "primary-model", stream);
      CHECK(answer.status == 200);
      CHECK(a.calls() == 1); // a timeout is not retried on the same deployment
      CHECK(b.calls() == 1);
    }
  }

  TEST_CASE("a reset after the first byte is not retried")
  {
    FakeUpstream a;
    FakeUpstream b;
    DaemonProcess daemon({two_upstreams_config(a.url(), b.url()), two_env()});
    a.push_fault({Fault::reset_mid_stream});
    auto answer = chat(daemon, "primary-model", true);
    CHECK(answer.status == 200); // the head was sent; the stream ends with an error event
    CHECK(answer.body.find("error") != std::string::npos);
    CHECK(a.calls() == 1);
    CHECK(b.calls() == 0);
  }

  TEST_CASE("no capacity: the fallback serves, else 429 with retry-after and no upstream call")
  {
    FakeUpstream a;
    FakeUpstream b;
    DaemonProcess daemon({two_upstreams_config(a.url(), b.url()), two_env()});
    auto refused = chat(daemon, "tiny-alone");
    CHECK(refused.status == 429);
    CHECK(!refused.header("retry-after").empty());
    CHECK(a.calls() == 0);
    const json stats = admin_get(daemon, "/admin/upstreams/stats");
    bool counted = false;
    for (const auto& m : stats["models"]) {
      counted = counted || (m["model"] == "tiny-alone" && m["alloc_failures"] == 1);
    }
    CHECK(counted);
  }

  TEST_CASE("strategy and upstreams, live through the admin API and locally from the database")
  {
    FakeUpstream a;
    FakeUpstream b;
    DaemonProcess daemon({two_upstreams_config(a.url(), b.url()), two_env()});
    CHECK(admin_get(daemon, "/admin/strategy") == json{{"strategy", "best"}, {"source", "live"}});
    auto set = http_post(daemon.url(), "/admin/strategy", R"({"strategy":"largest"})",
                         {{"Authorization", "Bearer " + k_admin_key}});
    CHECK(set.status == 200);
    CHECK(admin_get(daemon, "/admin/strategy")["strategy"] == "largest");
    // largest: the unlimited deployment on b now wins.
    CHECK(chat(daemon, "gpt-4o").status == 200);
    CHECK(b.calls() == 1);

    const std::string config = daemon.dir() + "/config.toml";
    auto local = run_cli_binary({"--config", config, "--db", daemon.db_path(), "--json", "strategy", "get"});
    CHECK(local.exit_code == 0);
    CHECK(json::parse(local.out)["strategy"] == "largest");
    CHECK(json::parse(local.out)["source"] == "persisted");
    CHECK(run_cli_binary({"--config", config, "--db", daemon.db_path(), "strategy", "set", "best"}).exit_code == 0);
    bool applied = false; // the daemon's store watch picks it up within a second or so
    for (int i = 0; i < 100 && !applied; ++i) {
      applied = admin_get(daemon, "/admin/strategy")["strategy"] == "best";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(applied);
    CHECK(run_cli_binary({"--config", config, "strategy", "set", "worst"}).exit_code == 2);

    auto stats = run_cli_binary({"--config", config, "--db", daemon.db_path(), "upstreams", "stats"});
    CHECK(stats.exit_code == 0);
    CHECK(stats.out.find("--server") != std::string::npos); // says it is not the live state
    CHECK(stats.out.find("gpt-4o#1@b") != std::string::npos);
    auto remote = run_cli_binary({"--server", daemon.url(), "--admin-key", k_admin_key, "upstreams", "stats"});
    CHECK(remote.exit_code == 0);
    CHECK(remote.out.find("--server") == std::string::npos);
    CHECK(remote.out.find("NO ROOM") != std::string::npos);
    auto list = run_cli_binary({"--config", config, "--json", "upstreams", "list"});
    CHECK(list.exit_code == 0);
    CHECK(json::parse(list.out)["models"][0]["deployments"].size() == 2);
  }
}
