#include "core/gateway/responses_store.hpp"

#include <map>
#include <mutex>

namespace tokenrouter::gateway {

namespace {

class SqlResponsesStore final : public ResponsesStore {
public:
  explicit SqlResponsesStore(store::Database db)
      : m_db(std::move(db))
  {
  }

  Result<std::optional<std::string>> load(const std::string& id,
                                          const std::string& key_id,
                                          int64_t now_s) override
  {
    std::lock_guard lock(m_mutex);
    TKR_TRY_ASSIGN(auto st, m_db.prepare("SELECT body FROM responses_store WHERE id = ?1 AND "
                                         "key_id IS ?2 AND (expires_at IS NULL OR expires_at > ?3)"));
    st.bind_all(id, key_id, now_s);
    TKR_TRY_ASSIGN(const bool row, st.step());
    if (!row) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(st.column_text(0));
  }

  Status save(const StoredResponse& response) override
  {
    std::lock_guard lock(m_mutex);
    TKR_TRY_ASSIGN(auto purge, m_db.prepare("DELETE FROM responses_store WHERE expires_at <= ?1"));
    TKR_TRY(purge.bind(1, response.created_at_s).run());
    TKR_TRY_ASSIGN(auto st, m_db.prepare("INSERT OR REPLACE INTO responses_store (id, key_id, "
                                         "created_at, expires_at, body) VALUES (?1, ?2, ?3, ?4, ?5)"));
    st.bind_all(response.id, response.key_id, response.created_at_s, response.expires_at_s,
                response.body);
    return st.run();
  }

private:
  std::mutex m_mutex; // one connection, shared by the request threads
  store::Database m_db;
};

class MemoryResponsesStore final : public ResponsesStore {
public:
  Result<std::optional<std::string>> load(const std::string& id,
                                          const std::string& key_id,
                                          int64_t now_s) override
  {
    std::lock_guard lock(m_mutex);
    const auto it = m_rows.find(id);
    if (it == m_rows.end() || it->second.key_id != key_id || it->second.expires_at_s <= now_s) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(it->second.body);
  }

  Status save(const StoredResponse& response) override
  {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_rows, [&response](const auto& row) {
      return row.second.expires_at_s <= response.created_at_s;
    });
    m_rows[response.id] = response;
    return {};
  }

private:
  std::mutex m_mutex;
  std::map<std::string, StoredResponse> m_rows;
};

} // namespace

std::unique_ptr<ResponsesStore> make_sql_responses_store(store::Database db)
{
  return std::make_unique<SqlResponsesStore>(std::move(db));
}

std::unique_ptr<ResponsesStore> make_memory_responses_store()
{
  return std::make_unique<MemoryResponsesStore>();
}

} // namespace tokenrouter::gateway
