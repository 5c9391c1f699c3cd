#pragma once
// A loaded cassette for replay: FullHash → its recorded answers. Identical requests get the
// answers in recorded order; past the last one the last is repeated (a test run once more in
// the same session still replays). Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/replay/cassette.hpp"

namespace tokenrouter::replay {

class Index {
public:
  // Records without an answer or a FullHash (imported requests) are kept out.
  explicit Index(std::vector<Record> records);

  // The next recorded answer for `full_hash`, or nullptr.
  [[nodiscard]] std::shared_ptr<const Record> next(const std::string& full_hash);
  // A record made now (replay-or-forward) becomes replayable at once.
  void add(Record record);
  // For a miss: the nearest recorded request and its first difference from `request` (a
  // canonical request), in one sentence; says so when the cassette is empty.
  [[nodiscard]] std::string nearest(const Json& request) const;
  [[nodiscard]] size_t size() const;

private:
  struct Answers {
    std::vector<std::shared_ptr<const Record>> records;
    size_t cursor = 0;
  };

  void insert(std::shared_ptr<const Record> record);

  mutable std::mutex m_mutex;
  std::vector<std::shared_ptr<const Record>> m_all; // recorded order
  std::map<std::string, Answers, std::less<>> m_by_hash;
};

} // namespace tokenrouter::replay
