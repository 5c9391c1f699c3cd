#include "core/util/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace tokenrouter::util {

namespace {

// %* : the message as a JSON string (quotes and escapes included).
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override
  {
    const std::string text(msg.payload.data(), msg.payload.size());
    const std::string quoted =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(quoted.data(), quoted.data() + quoted.size());
  }

  std::unique_ptr<custom_flag_formatter> clone() const override
  {
    return std::make_unique<JsonMessageFlag>();
  }
};

} // namespace

Status setup_logging(const std::string& level, const std::string& format)
{
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    return fail(ErrorCode::config, "unknown log level '" + level + "' (trace|debug|info|warn|error|off)");
  }
  if (format != "text" && format != "json") {
    return fail(ErrorCode::config, "unknown log format '" + format + "' (text|json)");
  }
  auto logger = std::make_shared<spdlog::logger>("tokenrouter",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (format == "json") {
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","message":%*})");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return {};
}

} // namespace tokenrouter::util
