// tkr_tests: unit and in-process integration tests. Each run works in its own scratch
// directory (testdir/<pid>), removed on success and kept on failure for inspection.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <string>

#include <unistd.h>

int main(int argc, char** argv)
{
  namespace fs = std::filesystem;
  spdlog::set_level(spdlog::level::off);
  const fs::path start = fs::current_path();
  const fs::path dir = start / "testdir" / std::to_string(getpid());
  fs::create_directories(dir);
  fs::current_path(dir);

  doctest::Context context;
  context.applyCommandLine(argc, argv);
  const int result = context.run();

  fs::current_path(start);
  if (result == 0 && !context.shouldExit()) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  return result;
}
