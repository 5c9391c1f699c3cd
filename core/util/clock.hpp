#pragma once
// Time, injectable: code that decides by time takes a Clock so tests can move it.

#include <chrono>
#include <cstdint>

namespace tokenrouter::util {

class Clock {
public:
  virtual ~Clock() = default;
  // Wall-clock milliseconds since the Unix epoch.
  virtual int64_t now_ms() const = 0;
  // Monotonic nanoseconds, for durations.
  virtual int64_t steady_ns() const = 0;
};

class SystemClock final : public Clock {
public:
  int64_t now_ms() const override
  {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  int64_t steady_ns() const override
  {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

// The process-wide real clock.
const Clock& system_clock();

// A clock tests set by hand.
class ManualClock final : public Clock {
public:
  explicit ManualClock(int64_t now_ms = 1'700'000'000'000) : m_now_ms(now_ms) {}
  int64_t now_ms() const override { return m_now_ms; }
  int64_t steady_ns() const override { return m_now_ms * 1'000'000; }
  void advance_ms(int64_t ms) { m_now_ms += ms; }
  void set_ms(int64_t ms) { m_now_ms = ms; }

private:
  int64_t m_now_ms;
};

} // namespace tokenrouter::util
