#include "core/util/crypto.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace tokenrouter::util {

namespace {

constexpr std::string_view k_base62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void fill_random(unsigned char* out, size_t size)
{
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
}

} // namespace

std::string random_base62(size_t length)
{
  std::string out;
  out.reserve(length);
  std::array<unsigned char, 64> pool{};
  while (out.size() < length) {
    fill_random(pool.data(), pool.size());
    for (unsigned char byte : pool) {
      // 248 = 4 × 62: rejecting larger bytes keeps every character equally likely.
      if (byte < 248 && out.size() < length) {
        out.push_back(k_base62[byte % 62]);
      }
    }
  }
  return out;
}

std::string random_hex(size_t bytes)
{
  std::string raw(bytes, '\0');
  fill_random(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out.push_back(k_hex[c >> 4]);
    out.push_back(k_hex[c & 0xF]);
  }
  return out;
}

std::string sha256_raw(std::string_view data)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL EVP_Digest failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

std::string sha256_hex(std::string_view data)
{
  static constexpr std::string_view k_hex = "0123456789abcdef";
  const std::string raw = sha256_raw(data);
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(k_hex[c >> 4]);
    out.push_back(k_hex[c & 0xF]);
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace tokenrouter::util
