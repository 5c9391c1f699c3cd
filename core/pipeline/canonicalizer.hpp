#pragma once
// canonicalizer: one deterministic serialisation, so that the same logical request always gives
// the same bytes (provider prefix caches match bytes or tokens, not meaning).
//
// The canonical form, close to RFC 8785 (JCS):
//   - object keys in byte order (nlohmann::json's std::map already sorts them);
//   - no insignificant whitespace;
//   - one number format: integral doubles within ±2^53 become integers ("2.0", "2e0" → "2"),
//     -0 becomes 0, other doubles print in their shortest round-trip form;
//   - one string escaping: UTF-8 kept raw, only the escapes JSON requires (nlohmann's dump()).
// The Envelope-level pass also normalises what the builders copy verbatim: tool-call argument
// strings (re-serialised canonically when they are JSON), and content that is one plain text
// block (always sent as a plain string, whichever way the client wrote it).

#include <string>

#include "core/model/envelope.hpp"

namespace tokenrouter::pipeline {

// `value` with every integral double turned into an integer (see above).
[[nodiscard]] model::Json normalize_numbers(model::Json value);

// The canonical bytes of `value` (the rvalue form normalises in place instead of copying).
[[nodiscard]] std::string canonical_dump(const model::Json& value);
[[nodiscard]] std::string canonical_dump(model::Json&& value);

// `arguments` re-serialised canonically when it parses as JSON; else unchanged (a model may
// emit broken arguments, and they must reach the upstream exactly as they were).
[[nodiscard]] std::string canonical_arguments(const std::string& arguments);

// The Envelope with its JSON values, argument strings and plain-text contents in canonical form.
[[nodiscard]] model::Envelope canonicalize(model::Envelope envelope);

} // namespace tokenrouter::pipeline
