#pragma once
// What differs between two canonical requests, in words a developer can act on: the path of
// the first differing value (e.g. `messages[3].content[0].text`), the message's role, and
// both values, shortened.

#include <optional>
#include <string>

#include "core/replay/cassette.hpp"

namespace tokenrouter::replay {

struct Difference {
  std::string path;     // "messages[3].content[0].text", "" = the whole value
  std::string role;     // the role of the differing message, "" when not in a message
  std::string recorded; // the recorded value, shortened ("(absent)" when missing)
  std::string now;      // the value now
};

// The first difference, depth first in key order; nullopt when equal.
[[nodiscard]] std::optional<Difference> first_difference(const Json& recorded, const Json& now);

// How alike two canonical requests are: leading messages in common first, then equal tools,
// system and parameters. Higher is nearer.
[[nodiscard]] int likeness(const Json& recorded, const Json& now);

// "messages[3] (user): content[0].text is \"hello…\" in the cassette, \"hi…\" now".
[[nodiscard]] std::string describe(const Difference& difference);

} // namespace tokenrouter::replay
