#pragma once
// hasher: digests of the logical request (logical.hpp: cache_control left out, content as
// blocks), in the provider's cache order tools → system → messages.
//
// Digest: SHA-256 (core/util/crypto.hpp), 64 lowercase hex characters. Each part is fed as its
// canonical JSON (canonicalizer.hpp) followed by a newline, so part boundaries cannot collide.
//   - static_hash: tools and system — what every turn of a session shares (keys OpenAI's
//     prompt_cache_key, which must stay the same for the whole session);
//   - prefix_hash: tools, system and the stable history (chunker.hpp) — in an append-only
//     session it equals the previous request's conversation, so it keys cache statistics;
//   - full_hash: the whole request, parameters included — keys dedup.

#include <string>

#include "core/model/envelope.hpp"
#include "core/pipeline/chunker.hpp"

namespace tokenrouter::pipeline {

struct Hashes {
  std::string static_hash;
  std::string prefix_hash;
  std::string full_hash;
};

[[nodiscard]] Hashes hash_request(const model::Envelope& envelope, const Chunks& chunks);
// The same from the request's rendering (render(envelope)), which the chunker shares.
[[nodiscard]] Hashes hash_request(const model::Envelope& envelope, const Chunks& chunks,
                                  const Rendered& rendered);

} // namespace tokenrouter::pipeline
