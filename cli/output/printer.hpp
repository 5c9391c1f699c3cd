#pragma once
// Every command's result is a JSON object: printed as is with --json, else through the
// command's human renderer.

#include <functional>
#include <iostream>

#include <nlohmann/json.hpp>

namespace tokenrouter::cli {

using HumanRenderer = std::function<void(const nlohmann::json& result, std::ostream& out)>;

void print_result(const nlohmann::json& result, bool json, const HumanRenderer& human);

// "tokenrouter: error: …" on stderr (or {"error": {...}} on stdout with --json).
void print_error(const std::string& code, const std::string& message, bool json);

} // namespace tokenrouter::cli
