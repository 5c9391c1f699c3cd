// store::Checkpointer: a writer with auto_checkpoint off leaves its commits in the WAL; the
// checkpointer's own thread copies them into the database file.

#include "core/store/checkpointer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using tokenrouter::store::Checkpointer;
using tokenrouter::store::Database;
using tokenrouter::store::OpenOptions;

namespace {

std::string fresh_path(const std::string& name)
{
  const auto dir = fs::current_path() / "store-checkpoint";
  fs::create_directories(dir);
  const auto path = (dir / name).string();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(path + suffix);
  }
  return path;
}

} // namespace

TEST_CASE("a writer without auto checkpoint leaves the database file to the checkpointer")
{
  const auto path = fresh_path("ledger.db");
  OpenOptions options;
  options.auto_checkpoint = false;
  auto writer = Database::open(path, options);
  REQUIRE(writer.has_value());
  REQUIRE(writer->exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT)").has_value());
  // 4 MB of commits: far beyond SQLite's default auto-checkpoint threshold (1000 pages).
  for (int i = 0; i < 4000; ++i) {
    REQUIRE(writer->exec("INSERT INTO rows (payload) VALUES (printf('%.1024c', 'x'))").has_value());
  }
  CHECK(fs::file_size(path) < 64 * 1024); // nothing was copied on the writer's path

  auto checkpointer = Checkpointer::start(path, std::chrono::milliseconds(10));
  REQUIRE(checkpointer.has_value());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((fs::file_size(path) < 4'000'000 || (*checkpointer)->rounds() < 1)
         && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(fs::file_size(path) >= 4'000'000);
  CHECK((*checkpointer)->rounds() >= 1);
}
