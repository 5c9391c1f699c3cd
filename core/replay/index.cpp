#include "core/replay/index.hpp"

#include "core/replay/request_diff.hpp"

namespace tokenrouter::replay {

Index::Index(std::vector<Record> records)
{
  for (auto& record : records) {
    if (record.response && !record.full_hash.empty()) {
      insert(std::make_shared<const Record>(std::move(record)));
    }
  }
}

void Index::insert(std::shared_ptr<const Record> record)
{
  m_by_hash[record->full_hash].records.push_back(record);
  m_all.push_back(std::move(record));
}

void Index::add(Record record)
{
  if (!record.response || record.full_hash.empty()) {
    return;
  }
  std::lock_guard lock(m_mutex);
  insert(std::make_shared<const Record>(std::move(record)));
}

std::shared_ptr<const Record> Index::next(const std::string& full_hash)
{
  std::lock_guard lock(m_mutex);
  const auto it = m_by_hash.find(full_hash);
  if (it == m_by_hash.end()) {
    return nullptr;
  }
  Answers& answers = it->second;
  const size_t at = std::min(answers.cursor, answers.records.size() - 1);
  answers.cursor = at + 1;
  return answers.records[at];
}

std::string Index::nearest(const Json& request) const
{
  std::lock_guard lock(m_mutex);
  if (m_all.empty()) {
    return "the cassette holds no recorded answers";
  }
  size_t best = 0;
  int best_score = -1;
  for (size_t i = 0; i < m_all.size(); ++i) {
    const int score = likeness(m_all[i]->request, request);
    if (score > best_score) {
      best = i;
      best_score = score;
    }
  }
  const auto difference = first_difference(m_all[best]->request, request);
  const std::string which = "nearest recorded request (#" + std::to_string(best + 1) + " of "
                            + std::to_string(m_all.size()) + ")";
  return difference ? which + ": " + describe(*difference)
                    : which + " has the same canonical request but another FullHash (re-record it)";
}

size_t Index::size() const
{
  std::lock_guard lock(m_mutex);
  return m_all.size();
}

} // namespace tokenrouter::replay
