#pragma once
// OpenSSL-backed primitives: randomness, SHA-256, constant-time comparison.

#include <string>
#include <string_view>

namespace tokenrouter::util {

// `length` characters from [0-9A-Za-z], drawn from OpenSSL's CSPRNG without modulo bias.
std::string random_base62(size_t length);

// `bytes` random bytes as lowercase hex.
std::string random_hex(size_t bytes);

// SHA-256 of `data`: raw 32 bytes, or 64 lowercase hex characters.
std::string sha256_raw(std::string_view data);
std::string sha256_hex(std::string_view data);

// Equality in time independent of where the inputs differ (length differences still show).
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace tokenrouter::util
