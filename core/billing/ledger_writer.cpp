#include "core/billing/ledger_writer.hpp"

#include <ctime>

#include "core/billing/ledger_sql.hpp"
#include "core/store/checkpointer.hpp"
#include "core/store/database.hpp"

namespace tokenrouter::billing {

std::string utc_day(int64_t unix_ms)
{
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

Result<std::unique_ptr<LedgerWriter>> LedgerWriter::start(const LedgerOptions& options)
{
  store::OpenOptions open;
  open.auto_checkpoint = false;
  TKR_TRY_ASSIGN(auto db, store::Database::open(options.db_path, open));
  TKR_TRY_ASSIGN(auto checkpointer,
                 store::Checkpointer::start(options.db_path,
                                            std::chrono::milliseconds(options.checkpoint_interval_ms)));
  auto writer = std::unique_ptr<LedgerWriter>(new LedgerWriter(
      options, std::make_unique<store::Database>(std::move(db)), std::move(checkpointer)));
  writer->m_thread = std::thread([w = writer.get()] { w->run(); });
  return writer;
}

LedgerWriter::LedgerWriter(LedgerOptions options, std::unique_ptr<store::Database> db,
                           std::unique_ptr<store::Checkpointer> checkpointer)
    : m_options(std::move(options))
    , m_db(std::move(db))
    , m_checkpointer(std::move(checkpointer))
{
}

LedgerWriter::~LedgerWriter()
{
  stop();
}

Status LedgerWriter::record(UsageRecord record)
{
  std::unique_lock lock(m_mutex);
  if (m_stopping) {
    return fail(ErrorCode::unavailable, "the usage ledger is shutting down");
  }
  if (m_queue.size() >= m_options.capacity) {
    return fail(ErrorCode::unavailable, "the usage ledger queue is full; retry shortly");
  }
  m_queue.push_back(std::move(record));
  const uint64_t seq = ++m_next_seq;
  m_wake.notify_one();
  if (!m_options.ack) {
    return {};
  }
  m_committed.wait(lock, [&] { return m_done_seq >= seq; });
  if (seq >= m_failed_from && seq <= m_failed_to) {
    return fail(ErrorCode::storage, "usage not recorded: " + m_failure);
  }
  return {};
}

void LedgerWriter::run()
{
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
    if (m_queue.empty() && m_stopping) {
      return;
    }
    std::deque<UsageRecord> batch;
    while (!m_queue.empty() && batch.size() < m_options.max_batch) {
      batch.push_back(std::move(m_queue.front()));
      m_queue.pop_front();
    }
    const uint64_t last = m_done_seq + batch.size();
    lock.unlock();
    // Other producers keep queueing while this batch commits: that is the group commit.
    auto written = write_batch(batch);
    lock.lock();
    if (!written) {
      m_failed_from = m_done_seq + 1;
      m_failed_to = last;
      m_failure = written.error().message;
    } else {
      m_committed_rows += static_cast<int64_t>(batch.size());
    }
    m_done_seq = last;
    m_committed.notify_all();
  }
}

Status LedgerWriter::write_batch(std::deque<UsageRecord>& batch)
{
  if (!m_statements) {
    TKR_TRY_ASSIGN(auto statements, LedgerStatements::prepare(*m_db));
    m_statements = std::make_unique<LedgerStatements>(std::move(statements));
  }
  TKR_TRY_ASSIGN(auto tx, store::Transaction::begin(*m_db));
  TKR_TRY(m_statements->write(batch));
  return tx.commit();
}

void LedgerWriter::stop()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_wake.notify_all();
  }
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

size_t LedgerWriter::queue_depth() const
{
  std::lock_guard lock(m_mutex);
  return m_queue.size();
}

int64_t LedgerWriter::committed_rows() const
{
  std::lock_guard lock(m_mutex);
  return m_committed_rows;
}

} // namespace tokenrouter::billing
