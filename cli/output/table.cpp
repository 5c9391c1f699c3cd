#include "cli/output/table.hpp"

#include <algorithm>
#include <cstdlib>

#include <unistd.h>

namespace tokenrouter::cli {

size_t display_width(const std::string& text)
{
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool use_color()
{
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != 0) {
    return false;
  }
  return isatty(STDOUT_FILENO) == 1;
}

void Table::print(std::ostream& out, bool color) const
{
  std::vector<size_t> widths(m_header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(m_header);
  for (const auto& row : m_rows) {
    measure(row);
  }
  auto emit = [&](const std::vector<std::string>& row, bool bold) {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size()) {
        line += std::string(widths[i] - display_width(cell) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << (bold ? "\033[1m" : "") << line << (bold ? "\033[0m" : "") << '\n';
  };
  emit(m_header, color);
  for (const auto& row : m_rows) {
    emit(row, false);
  }
}

} // namespace tokenrouter::cli
