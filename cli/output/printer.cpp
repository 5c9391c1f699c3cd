#include "cli/output/printer.hpp"

namespace tokenrouter::cli {

void print_result(const nlohmann::json& result, bool json, const HumanRenderer& human)
{
  if (json || !human) {
    std::cout << result.dump(2) << '\n';
    return;
  }
  human(result, std::cout);
}

void print_error(const std::string& code, const std::string& message, bool json)
{
  if (json) {
    std::cout << nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(2) << '\n';
    return;
  }
  std::cerr << "tokenrouter: error: " << message << '\n';
}

} // namespace tokenrouter::cli
