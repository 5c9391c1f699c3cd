#include "tests/support/session_replay.hpp"

#include <stdexcept>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

namespace tokenrouter::testing {

namespace {

std::string daemon_config(const std::string& upstream_url, bool pipeline_on)
{
  const std::string on = pipeline_on ? "true" : "false";
  return fake_routes_config(upstream_url,
                            "\n[[models]]\nname = \"gpt-4.1\"\nprovider = \"oa\"\n\n[pipeline]\narrange = "
                                + on + "\ncanonicalize = " + on + "\ncache_inject = " + on + "\n");
}

Json cli_json(const std::string& db, const std::vector<std::string>& command)
{
  std::vector<std::string> args{"--db", db, "--json"};
  args.insert(args.end(), command.begin(), command.end());
  const auto result = run_cli_binary(args);
  if (result.exit_code != 0) {
    throw std::runtime_error("tokenrouter " + command.front() + " failed: " + result.err);
  }
  return Json::parse(result.out);
}

} // namespace

LedgerTotals replay_through_daemon(const Session& session, const SessionReplay& replay)
{
  FakeUpstream upstream;
  upstream.simulate_prompt_caching();
  DaemonProcess daemon{{daemon_config(upstream.url(), replay.pipeline_on), fake_env()}};
  const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + daemon.dev_key()}};
  for (size_t turn = 0; turn < session.requests_messages.size(); ++turn) {
    const std::string body = client_body(session, turn, replay.unstable_client, replay.model);
    const auto answer = http_post(daemon.url(), "/v1/chat/completions", body, auth, 120);
    if (answer.status != 200) {
      throw std::runtime_error("turn " + std::to_string(turn) + ": HTTP "
                               + std::to_string(answer.status) + " " + answer.body);
    }
  }
  daemon.stop(); // the ledger writer drains before the daemon exits
  const Json cache = cli_json(daemon.db_path(), {"cache", "stats"})["total"];
  const Json usage = cli_json(daemon.db_path(), {"usage"})["total"];
  LedgerTotals totals;
  totals.prompt_tokens = cache.value("prompt_tokens", int64_t{0});
  totals.cache_read_tokens = cache.value("cache_read_tokens", int64_t{0});
  totals.cache_write_tokens = usage.value("cache_write_tokens", int64_t{0});
  totals.cost_nanousd = usage.value("cost_nanousd", int64_t{0});
  return totals;
}

} // namespace tokenrouter::testing
