// The [replay] section of the key table: record and replay for CI (core/replay, docs/replay.md).

#include "core/config/keys.hpp"

#include "core/config/values.hpp"
#include "core/util/strings.hpp"

namespace tokenrouter::config {

namespace {

using json = nlohmann::json;
using K = ValueKind;

Status set_cassette_name(std::string& out, const Node& n)
{
  std::string name;
  TKR_TRY(set_string(name, n));
  if (!util::is_safe_file_name(name)) {
    return fail(ErrorCode::config,
                "expected a cassette name of A-Z a-z 0-9 . _ - without a leading dot, got \"" + name
                    + "\"");
  }
  out = std::move(name);
  return {};
}

constexpr int64_t k_max_speed = 1000;

constexpr KeyInfo k_replay_keys[] = {
    {"replay",
     "mode",
     K::string,
     "TOKENROUTER_REPLAY_MODE",
     "\"off\" | \"record\" | \"replay\" (misses are 404 replay_miss) | \"replay-or-forward\"",
     [](Config& c, const Node& n) {
       return set_enum(c.replay.mode, n, {"off", "record", "replay", "replay-or-forward"});
     },
     [](const Config& c) -> json { return c.replay.mode; }},
    {"replay",
     "dir",
     K::string,
     "TOKENROUTER_REPLAY_DIR",
     "cassette root; \"\" = \"cassettes\" next to the database",
     [](Config& c, const Node& n) { return set_string(c.replay.dir, n); },
     [](const Config& c) -> json { return c.replay.dir; }},
    {"replay",
     "cassette",
     K::string,
     "TOKENROUTER_REPLAY_CASSETTE",
     "cassette used unless x-tokenrouter-record / x-tokenrouter-replay names one",
     [](Config& c, const Node& n) { return set_cassette_name(c.replay.cassette, n); },
     [](const Config& c) -> json { return c.replay.cassette; }},
    {"replay",
     "speed",
     K::integer,
     "",
     "replayed streams at N times the recorded pace; 0 = as fast as possible",
     [](Config& c, const Node& n) { return set_int(c.replay.speed, n, 0, k_max_speed); },
     [](const Config& c) -> json { return c.replay.speed; }},
};

} // namespace

std::span<const KeyInfo> replay_keys()
{
  return k_replay_keys;
}

} // namespace tokenrouter::config
