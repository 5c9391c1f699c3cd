// The daemon as a process: start, health, graceful shutdown, and the startup failures that must
// be one clear line and a non-zero exit.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <algorithm>

#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;

TEST_SUITE("integration::daemon")
{
  TEST_CASE("starts, answers /health and /ready, echoes or makes x-request-id")
  {
    DaemonProcess daemon({});
    auto health = http_get(daemon.url(), "/health");
    CHECK(health.status == 200);
    CHECK(health.header("x-request-id").rfind("req_", 0) == 0);
    CHECK(http_get(daemon.url(), "/ready").status == 200);
    auto echoed = http_get(daemon.url(), "/health", {{"x-request-id", "my-trace.42"}});
    CHECK(echoed.header("x-request-id") == "my-trace.42");
    auto unsafe = http_get(daemon.url(), "/health", {{"x-request-id", "bad id with spaces"}});
    CHECK(unsafe.header("x-request-id") != "bad id with spaces");
    CHECK(daemon.dev_key().rfind("tr-", 0) == 0);
    CHECK(daemon.dev_key().size() >= 35);
    CHECK(daemon.stop() == 0);
  }

  TEST_CASE("SIGTERM lets an in-flight request finish, then exits 0")
  {
    FakeUpstream upstream;
    upstream.push_fault({Fault::stall_headers, 0, "", -1, 1500});
    DaemonProcess daemon({fake_routes_config(upstream.url()), fake_env()});
    const std::string key = daemon.dev_key();
    auto pending = std::async(std::launch::async, [&] {
      return http_post(daemon.url(), "/v1/chat/completions",
                       R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})",
                       {{"Authorization", "Bearer " + key}});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    const int code = daemon.stop();
    auto answer = pending.get();
    CHECK(answer.status == 200);
    CHECK(answer.json()["choices"][0]["message"]["content"] == "Hello from the fake upstream.");
    CHECK(code == 0);
    CHECK(daemon.log().find("stopped cleanly (1 usage rows written)") != std::string::npos);
  }

  TEST_CASE("a bad config is one clear line naming file, line and key, and exit 1")
  {
    std::ofstream("bad.toml") << "[server]\nthreads = -3\n";
    auto result = run_cli_binary({"config", "check", "bad.toml"});
    CHECK(result.exit_code != 0);
    CHECK(result.err.find("bad.toml:2") != std::string::npos);
    CHECK(result.err.find("threads") != std::string::npos);

    DaemonOptions options;
    options.config_toml = "[server]\nlisten_typo = \"x\"\n";
    CHECK_THROWS_WITH_AS(DaemonProcess{options}, doctest::Contains("listen_typo"), std::runtime_error);
  }

  TEST_CASE("port in use and unopenable database fail cleanly")
  {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd, 1) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);

    std::ofstream("ok.toml") << "";
    auto in_use = run_cli_binary({}); // warm-up: the CLI with no command is a usage error
    CHECK(in_use.exit_code == 2);
    const std::string daemon = TKR_TOKENROUTERD;
    const std::string listen_arg = "127.0.0.1:" + std::to_string(port);
    const std::string cmd = daemon + " --config ok.toml --db port.db --listen " + listen_arg + " 2> port.err";
    CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 1);
    const std::string err = read_file("port.err");
    CHECK(err.find("tokenrouterd: error: cannot start the server") != std::string::npos);
    CHECK(!std::filesystem::exists("port.db")); // no partial state: nothing was created
    close(fd);

    std::ofstream("file-not-dir") << "x";
    const std::string cmd2 = daemon + " --config ok.toml --db file-not-dir/sub/x.db --listen 127.0.0.1:0 2> db.err";
    CHECK(WEXITSTATUS(std::system(cmd2.c_str())) == 1);
    const std::string db_err = read_file("db.err");
    CHECK(db_err.find("tokenrouterd: error: cannot open the database") != std::string::npos);
    CHECK(std::count(db_err.begin(), db_err.end(), '\n') == 1);
  }
}
