#include "tests/support/raw_socket.hpp"

#include <cstdlib>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tokenrouter::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds left_until(Clock::time_point deadline)
{
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

// Content-Length of a response head, or -1.
long content_length(const std::string& head)
{
  for (const std::string name : {"\r\nContent-Length:", "\r\ncontent-length:"}) {
    if (const auto at = head.find(name); at != std::string::npos) {
      return std::strtol(head.c_str() + at + name.size(), nullptr, 10);
    }
  }
  return -1;
}

} // namespace

RawSocket::RawSocket(int port, int receive_buffer)
{
  m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_fd < 0) {
    throw std::runtime_error("socket() failed");
  }
  if (receive_buffer > 0) {
    setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(m_fd);
    m_fd = -1;
    throw std::runtime_error("connect to port " + std::to_string(port) + " failed");
  }
}

RawSocket::~RawSocket()
{
  close();
}

void RawSocket::close()
{
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

bool RawSocket::send(std::string_view bytes)
{
  while (!bytes.empty()) {
    const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool RawSocket::read_some(std::string& into, std::chrono::milliseconds timeout)
{
  pollfd p{m_fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) {
    return false;
  }
  char buf[16384];
  const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
  if (n <= 0) {
    return false;
  }
  into.append(buf, static_cast<size_t>(n));
  return true;
}

std::string RawSocket::read_until_closed(std::chrono::milliseconds timeout)
{
  const auto deadline = Clock::now() + timeout;
  std::string got;
  while (read_some(got, left_until(deadline))) {
  }
  return got;
}

std::string RawSocket::read_response(std::chrono::milliseconds timeout)
{
  const auto deadline = Clock::now() + timeout;
  std::string got;
  while (read_some(got, left_until(deadline))) {
    const auto end = got.find("\r\n\r\n");
    if (end == std::string::npos) {
      continue;
    }
    const long length = content_length(got.substr(0, end + 2));
    if (length >= 0 && got.size() >= end + 4 + static_cast<size_t>(length)) {
      break;
    }
  }
  return got;
}

int raw_status(const std::string& response)
{
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) {
    return 0;
  }
  return std::atoi(response.c_str() + 9);
}

std::string raw_body(const std::string& response)
{
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

} // namespace tokenrouter::testing
