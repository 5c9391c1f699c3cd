#include "core/replay/cassette_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tokenrouter::replay {

namespace {

// A previous writer killed mid-line left no newline: start this record on a line of its own.
// (`fd` must be readable.)
bool ends_mid_line(int fd)
{
  struct stat st {};

  if (fstat(fd, &st) != 0 || st.st_size == 0) {
    return false;
  }
  char last = '\n';
  return pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n';
}

Status write_all(int fd, const std::string& text)
{
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return fail(ErrorCode::storage,
                  std::string("cannot write the cassette: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

std::string file_of(const std::string& dir)
{
  return dir + "/" + std::string(k_records_file);
}

} // namespace

Status append_record(const std::string& dir, const Record& record)
{
  static std::mutex s_mutex; // the mid-line check and the write go together
  std::string line = to_line(record) + "\n";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail(ErrorCode::storage,
                "cannot create the cassette directory " + dir + ": " + ec.message());
  }
  std::lock_guard lock(s_mutex);
  const int fd = ::open(file_of(dir).c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(ErrorCode::storage, "cannot open " + file_of(dir) + ": " + std::strerror(errno));
  }
  if (ends_mid_line(fd)) {
    line.insert(line.begin(), '\n');
  }
  auto written = write_all(fd, line);
  if (written && ::fdatasync(fd) != 0) {
    written =
        fail(ErrorCode::storage, std::string("cannot sync the cassette: ") + std::strerror(errno));
  }
  ::close(fd);
  return written;
}

Result<Loaded> load_cassette(const std::string& dir)
{
  Loaded loaded;
  const std::string path = file_of(dir);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (std::filesystem::exists(path)) {
      return fail(ErrorCode::storage, "cannot read " + path);
    }
    return loaded;
  }
  loaded.exists = true;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) {
      continue;
    }
    auto record = from_line(line);
    if (!record) {
      loaded.warnings.push_back(path + ":" + std::to_string(number) + ": skipped ("
                                + (in.eof() ? "truncated last line" : record.error().message)
                                + ")");
      continue;
    }
    loaded.records.push_back(std::move(*record));
  }
  return loaded;
}

} // namespace tokenrouter::replay
