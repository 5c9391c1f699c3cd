// Statement: a prepared SQLite statement with deferred bind errors.

#include "core/store/database.hpp"

#include <sqlite3.h>

#include <utility>

namespace tokenrouter::store {

Statement::Statement(sqlite3_stmt* stmt, std::string path)
    : m_stmt(stmt)
    , m_path(std::move(path))
{
}

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_path(std::move(other.m_path))
    , m_bind_error(std::move(other.m_bind_error))
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_stmt = std::exchange(other.m_stmt, nullptr);
    m_path = std::move(other.m_path);
    m_bind_error = std::move(other.m_bind_error);
  }
  return *this;
}

Statement::~Statement()
{
  sqlite3_finalize(m_stmt); // harmless on nullptr
}

void Statement::note_bind_result(int rc, int index)
{
  if (rc == SQLITE_OK || m_bind_error) {
    return;
  }
  m_bind_error = Error{ErrorCode::storage,
                       m_path + ": cannot bind parameter " + std::to_string(index) + ": "
                           + sqlite3_errstr(rc)};
}

int Statement::parameter_index(std::string_view name)
{
  const int index = sqlite3_bind_parameter_index(m_stmt, std::string(name).c_str());
  if (index == 0 && !m_bind_error) {
    m_bind_error = Error{ErrorCode::storage, m_path + ": no parameter named " + std::string(name)};
  }
  return index;
}

Statement& Statement::bind(int index, int64_t value)
{
  note_bind_result(sqlite3_bind_int64(m_stmt, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, double value)
{
  note_bind_result(sqlite3_bind_double(m_stmt, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
  note_bind_result(
      sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t)
{
  note_bind_result(sqlite3_bind_null(m_stmt, index), index);
  return *this;
}

Statement& Statement::bind(int index, std::optional<int64_t> value)
{
  return value ? bind(index, *value) : bind(index, nullptr);
}

Statement& Statement::bind_blob(int index, std::string_view bytes)
{
  note_bind_result(sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
                   index);
  return *this;
}

Result<bool> Statement::step()
{
  if (m_stmt == nullptr) {
    return fail(ErrorCode::internal, "step on an empty statement");
  }
  if (m_bind_error) {
    return fail(*m_bind_error);
  }
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  std::string message = m_path + ": " + sqlite3_errmsg(sqlite3_db_handle(m_stmt));
  sqlite3_reset(m_stmt);
  return fail(ErrorCode::storage, std::move(message));
}

Status Statement::run()
{
  for (;;) {
    TKR_TRY_ASSIGN(const bool row, step());
    if (!row) {
      return {};
    }
  }
}

void Statement::reset()
{
  sqlite3_reset(m_stmt);
  m_bind_error.reset();
}

void Statement::clear_bindings()
{
  sqlite3_clear_bindings(m_stmt);
  m_bind_error.reset();
}

int Statement::column_count() const
{
  return sqlite3_column_count(m_stmt);
}

int64_t Statement::column_int64(int column) const
{
  return sqlite3_column_int64(m_stmt, column);
}

double Statement::column_double(int column) const
{
  return sqlite3_column_double(m_stmt, column);
}

std::string Statement::column_text(int column) const
{
  const unsigned char* text = sqlite3_column_text(m_stmt, column);
  if (text == nullptr) {
    return {};
  }
  const int size = sqlite3_column_bytes(m_stmt, column);
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::string Statement::column_blob(int column) const
{
  const void* data = sqlite3_column_blob(m_stmt, column);
  if (data == nullptr) {
    return {};
  }
  const int size = sqlite3_column_bytes(m_stmt, column);
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool Statement::column_is_null(int column) const
{
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::optional<int64_t> Statement::column_optional_int64(int column) const
{
  if (column_is_null(column)) {
    return std::nullopt;
  }
  return column_int64(column);
}

std::optional<std::string> Statement::column_optional_text(int column) const
{
  if (column_is_null(column)) {
    return std::nullopt;
  }
  return column_text(column);
}

} // namespace tokenrouter::store
