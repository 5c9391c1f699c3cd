// Database and Transaction: one SQLite connection, configured for a WAL single-writer store.

#include "core/store/database.hpp"

#include <sqlite3.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace tokenrouter::store {

namespace {

namespace fs = std::filesystem;

bool is_memory_path(const std::string& path)
{
  return path == ":memory:";
}

// Creates the missing ancestors of `path`'s parent, each with mode 0700.
Status create_parent_dirs(const std::string& path)
{
  const fs::path parent = fs::path(path).parent_path();
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path dir = parent; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir, ec)) {
      if (!fs::is_directory(dir, ec)) {
        return fail(ErrorCode::storage,
                    path + ": cannot create the database: " + dir.string() + " is not a directory");
      }
      break;
    }
    missing.push_back(dir);
    if (dir == dir.parent_path()) {
      break;
    }
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) {
      return fail(ErrorCode::storage,
                  path + ": cannot create directory " + it->string() + ": " + std::strerror(errno));
    }
  }
  return {};
}

} // namespace

Result<Database> Database::open(const std::string& path, OpenOptions options)
{
  if (path.empty()) {
    return fail(ErrorCode::storage, "no database path given");
  }
  const bool memory = is_memory_path(path);
  if (!memory && !options.read_only) {
    TKR_TRY(create_parent_dirs(path));
  }
  std::error_code ec;
  const bool existed = memory || fs::exists(path, ec);
  const int flags =
      options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Database db(handle, path, options.read_only); // owns the handle even on failure
  if (rc != SQLITE_OK) {
    return fail(db.error("cannot open database"));
  }
  sqlite3_extended_result_codes(handle, 1);
  TKR_TRY(db.configure(options));
  if (!existed) {
    ::chmod(path.c_str(), 0600); // WAL and SHM files inherit the database file's mode
  }
  return db;
}

Status Database::configure(const OpenOptions& options)
{
  sqlite3_busy_timeout(m_db, options.busy_timeout_ms);
  TKR_TRY(exec("PRAGMA foreign_keys = ON"));
  if (m_read_only || is_memory_path(m_path)) {
    // Reading also touches the file: an unreadable or non-database file fails here, not later.
    return exec("SELECT count(*) FROM sqlite_master");
  }
  TKR_TRY_ASSIGN(Statement journal, prepare("PRAGMA journal_mode = WAL"));
  TKR_TRY_ASSIGN(const bool row, journal.step());
  if (!row || journal.column_text(0) != "wal") {
    return fail(ErrorCode::storage, m_path + ": cannot switch the database to WAL mode");
  }
  TKR_TRY(exec("PRAGMA synchronous = NORMAL"));
  return options.auto_checkpoint ? Status{} : exec("PRAGMA wal_autocheckpoint = 0");
}

Database::Database(sqlite3* db, std::string path, bool read_only)
    : m_db(db)
    , m_path(std::move(path))
    , m_read_only(read_only)
{
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
    , m_read_only(other.m_read_only)
{
}

Database& Database::operator=(Database&& other) noexcept
{
  if (this != &other) {
    sqlite3_close_v2(m_db);
    m_db = std::exchange(other.m_db, nullptr);
    m_path = std::move(other.m_path);
    m_read_only = other.m_read_only;
  }
  return *this;
}

Database::~Database()
{
  sqlite3_close_v2(m_db); // harmless on nullptr
}

Error Database::error(std::string_view what) const
{
  const char* message = m_db != nullptr ? sqlite3_errmsg(m_db) : "out of memory";
  return Error{ErrorCode::storage, m_path + ": " + std::string(what) + ": " + message};
}

Status Database::exec(std::string_view sql)
{
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return fail(ErrorCode::storage, m_path + ": " + detail);
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return fail(error("cannot prepare \"" + std::string(sql.substr(0, 60)) + "\""));
  }
  if (stmt == nullptr) {
    return fail(ErrorCode::storage, m_path + ": cannot prepare an empty statement");
  }
  return Statement(stmt, m_path);
}

int64_t Database::last_insert_rowid() const
{
  return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
  return sqlite3_changes(m_db);
}

bool Database::in_transaction() const
{
  return m_db != nullptr && sqlite3_get_autocommit(m_db) == 0;
}

Status Database::checkpoint()
{
  int logged = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied);
  // BUSY only means a reader or writer held on to a frame: the next round copies it.
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    return fail(error("cannot checkpoint the WAL"));
  }
  return {};
}

Result<int64_t> Database::data_version()
{
  TKR_TRY_ASSIGN(Statement st, prepare("PRAGMA data_version"));
  TKR_TRY_ASSIGN(const bool row, st.step());
  if (!row) {
    return fail(ErrorCode::storage, m_path + ": PRAGMA data_version returned no row");
  }
  return st.column_int64(0);
}

// --- Transaction ---

Result<Transaction> Transaction::begin(Database& db)
{
  TKR_TRY(db.exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
{
}

Transaction::~Transaction()
{
  rollback();
}

Status Transaction::commit()
{
  if (m_db == nullptr) {
    return fail(ErrorCode::internal, "commit of a finished transaction");
  }
  TKR_TRY(m_db->exec("COMMIT"));
  m_db = nullptr;
  return {};
}

void Transaction::rollback()
{
  if (m_db != nullptr && m_db->in_transaction()) {
    (void)m_db->exec("ROLLBACK"); // nothing useful to do if even that fails
  }
  m_db = nullptr;
}

} // namespace tokenrouter::store
