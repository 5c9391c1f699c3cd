#pragma once
// Reading and appending a cassette's records file. Appends are crash-safe: one write() of a
// whole line on an O_APPEND descriptor, then fdatasync, so a SIGKILL or power cut leaves at
// worst a truncated last line; the reader skips such a line with a warning, and the next
// append starts on a fresh line.

#include <string>
#include <vector>

#include "core/replay/cassette.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::replay {

struct Loaded {
  std::vector<Record> records;       // in recorded order
  std::vector<std::string> warnings; // "FILE:LINE: …" for each line skipped
  bool exists = false;               // the records file was there
};

// Appends `record` to <dir>/exchanges.jsonl, creating the directory as needed; durable on
// return. storage on failure.
[[nodiscard]] Status append_record(const std::string& dir, const Record& record);

// Every readable record of <dir>/exchanges.jsonl; a missing file is an empty cassette
// (exists = false). storage when the file cannot be read.
[[nodiscard]] Result<Loaded> load_cassette(const std::string& dir);

} // namespace tokenrouter::replay
