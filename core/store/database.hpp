#pragma once
// A thin RAII layer over one SQLite connection: open, exec, prepared statements, transactions.
// Every SQLite failure becomes ErrorCode::storage naming the database path and SQLite's message.
// This header and database.cpp are the only places that know SQLite; sqlite3.h stays in the .cpp.

#include "core/util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tokenrouter::store {

struct OpenOptions {
  bool read_only = false; // readers (e.g. `tokenrouter usage`): no writes, no directory creation
  int busy_timeout_ms = 5000; // wait this long for another connection's write lock
  // false: this connection never checkpoints the WAL on commit (a Checkpointer does it on its
  // own thread), so a hot writer never waits for the database file's fsync.
  bool auto_checkpoint = true;
};

// A prepared statement. Binding errors are remembered and reported by the next step(), so a
// caller can write `st.bind(1, a).bind(2, b); TKR_TRY_ASSIGN(bool row, st.step());`.
// Indexes are 1-based for bind (as SQLite's `?1`), 0-based for columns.
class Statement {
public:
  Statement() = default;
  Statement(sqlite3_stmt* stmt, std::string path);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, int64_t value);

  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }

  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text); // copied by SQLite (SQLITE_TRANSIENT)

  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }

  Statement& bind(int index, std::nullptr_t);
  Statement& bind(int index, std::optional<int64_t> value); // nullopt → NULL
  Statement& bind_blob(int index, std::string_view bytes);

  // Named parameters (`:name`, `@name`, `$name`, spelled with their prefix).
  template <class V>
  Statement& bind(std::string_view name, V&& value)
  {
    return bind(parameter_index(name), std::forward<V>(value));
  }

  // Binds `values` to ?1, ?2, … in order.
  template <class... V>
  Statement& bind_all(V&&... values)
  {
    int index = 0;
    (bind(++index, std::forward<V>(values)), ...);
    return *this;
  }

  // Executes one step: true = a row is available, false = done. Reports a deferred bind error.
  [[nodiscard]] Result<bool> step();
  // Steps to the end, ignoring rows (INSERT/UPDATE/DELETE).
  [[nodiscard]] Status run();
  // Makes the statement runnable again; keeps the bindings (see clear_bindings).
  void reset();
  void clear_bindings();

  int column_count() const;
  int64_t column_int64(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const; // NULL → ""
  std::string column_blob(int column) const;
  bool column_is_null(int column) const;
  std::optional<int64_t> column_optional_int64(int column) const;
  std::optional<std::string> column_optional_text(int column) const;

  bool valid() const { return m_stmt != nullptr; }

private:
  int parameter_index(std::string_view name);
  void note_bind_result(int rc, int index);

  sqlite3_stmt* m_stmt = nullptr;
  std::string m_path;
  std::optional<Error> m_bind_error;
};

// One connection. Move-only; not for concurrent use by several threads (one per thread).
class Database {
public:
  // Opens (creating if needed, unless read-only) the database at `path`; ":memory:" works.
  // Missing parent directories are created with mode 0700 and a new file gets mode 0600.
  // Write connections use WAL, synchronous=NORMAL, foreign_keys=ON, busy_timeout.
  //
  // Durability: WAL + synchronous=NORMAL syncs the WAL at checkpoints, not at every commit.
  // A committed transaction survives the death of the process (kill -9, crash, OOM kill),
  // because the commit is in the OS page cache once sqlite3_step returns; only a power loss
  // or an OS crash can lose the last transactions before the next checkpoint. Guarantee 2
  // ("ack": usage committed before the last byte reaches the client) is about the process.
  [[nodiscard]] static Result<Database> open(const std::string& path, OpenOptions options = {});

  Database() = default;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements without parameters (DDL, PRAGMA). Never for user values.
  [[nodiscard]] Status exec(std::string_view sql);
  [[nodiscard]] Result<Statement> prepare(std::string_view sql);

  int64_t last_insert_rowid() const;
  int changes() const;
  // True while a transaction is open on this connection.
  bool in_transaction() const;
  // Copies committed WAL frames into the database file without blocking writers or readers
  // (PASSIVE); the WAL restarts from its beginning once everything was copied.
  [[nodiscard]] Status checkpoint();
  // PRAGMA data_version: changes when another connection (or process) commits.
  [[nodiscard]] Result<int64_t> data_version();

  const std::string& path() const { return m_path; }

  bool read_only() const { return m_read_only; }

  bool is_open() const { return m_db != nullptr; }

private:
  Database(sqlite3* db, std::string path, bool read_only);
  Status configure(const OpenOptions& options);
  Error error(std::string_view what) const;

  sqlite3* m_db = nullptr;
  std::string m_path;
  bool m_read_only = false;
};

// BEGIN IMMEDIATE on creation (takes the write lock now, so it never fails later with BUSY
// on upgrade); COMMIT on commit(); ROLLBACK if destroyed uncommitted.
class Transaction {
public:
  [[nodiscard]] static Result<Transaction> begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  [[nodiscard]] Status commit();
  // Rolls back now (also what the destructor does).
  void rollback();

private:
  explicit Transaction(Database* db)
      : m_db(db)
  {
  }

  Database* m_db = nullptr;
};

} // namespace tokenrouter::store
