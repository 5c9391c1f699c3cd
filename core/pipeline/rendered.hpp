#pragma once
// The canonical text of each logical part of a request (logical.hpp, canonicalizer.hpp),
// rendered once per request: the chunker measures it and the hasher digests the same bytes,
// so a request is serialised for them once instead of once per stage.

#include <string>
#include <vector>

#include "core/model/envelope.hpp"

namespace tokenrouter::pipeline {

struct Rendered {
  std::vector<std::string> tools;    // same index as Envelope::tools
  std::string system;                // Envelope::system (rendered even when empty)
  std::vector<std::string> messages; // same index as Envelope::messages
};

[[nodiscard]] Rendered render(const model::Envelope& envelope);

} // namespace tokenrouter::pipeline
