// The state store's meetings: content hashes, stat signatures, dates and
// recurring phrases.
#include "pipeline/state.h"

#include <set>

#include "pipeline/date_order.h"
#include "pipeline/state_sql.h"
#include "util/text.h"

namespace dossier {

using state_sql::Statement;

std::optional<std::string> StateStore::meeting_hash(const std::string& path) {
  return state_sql::text_for(db_, "SELECT hash FROM meetings WHERE path = ?", path);
}

void StateStore::set_meeting_hash(const std::string& path, const std::string& hash) {
  Statement(db_, "INSERT OR REPLACE INTO meetings(path, hash) VALUES(?, ?)")
      .bind(1, path)
      .bind(2, hash)
      .step();
  Statement(db_, "DELETE FROM meeting_stats WHERE path = ?").bind(1, path).step();
}

void StateStore::each_meeting_stat(const std::function<void(std::string_view, std::string_view)>& fn) {
  Statement s(db_, "SELECT path, stat FROM meeting_stats");
  while (s.step()) fn(s.view(0), s.view(1));
}

namespace {
// Up to this many keys, a query each by the table's key beats one pass over
// a table of tens of thousands of meetings.
constexpr size_t kFewKeys = 64;
}  // namespace

std::unordered_map<std::string, std::string> StateStore::meeting_hashes(
    const std::vector<std::string>& paths) {
  std::unordered_map<std::string, std::string> out;
  if (paths.size() > kFewKeys) {
    std::set<std::string_view> wanted(paths.begin(), paths.end());
    Statement s(db_, "SELECT path, hash FROM meetings");
    while (s.step())
      if (std::string path = s.text(0); wanted.count(path)) out.emplace(std::move(path), s.text(1));
    return out;
  }
  Statement s(db_, "SELECT hash FROM meetings WHERE path = ?");
  for (const std::string& path : paths) {
    if (s.bind(1, path).step()) out.emplace(path, s.text(0));
    s.reset();
  }
  return out;
}

std::unordered_map<std::string, std::string> StateStore::meetings_with_content(
    const std::vector<std::string>& contents) {
  std::unordered_map<std::string, std::string> out;
  if (contents.empty()) return out;
  if (contents.size() > kFewKeys) {
    std::set<std::string_view> wanted(contents.begin(), contents.end());
    Statement s(db_, "SELECT path, hash FROM meetings");
    while (s.step())
      if (std::string hash = s.text(1); wanted.count(recorded_content(hash))) out.emplace(s.text(0), hash);
    return out;
  }
  // No index on the hash: each query is one pass, in SQLite, without a row
  // copied out that does not match.
  Statement s(db_, "SELECT path, hash FROM meetings WHERE hash = ?1 OR hash = ?2");
  for (const std::string& content : contents) {
    s.bind(1, content).bind(2, llm_pending_hash(content));
    while (s.step()) out.emplace(s.text(0), s.text(1));
    s.reset();
  }
  return out;
}

void StateStore::set_meeting_date(const std::string& path, const std::string& name, const std::string& date) {
  Statement(db_, "INSERT OR REPLACE INTO meeting_dates(path, name, date, key) VALUES(?, ?, ?, ?)")
      .bind(1, path)
      .bind(2, name)
      .bind(3, date)
      .bind(4, meeting_link_key(name))
      .step();
}

void StateStore::migrate_meeting_date_keys() {
  bool has_key = false;
  Statement columns(db_, "PRAGMA table_info(meeting_dates)");
  while (columns.step()) has_key = has_key || columns.text(1) == "key";
  if (!has_key) exec("ALTER TABLE meeting_dates ADD COLUMN key TEXT");
  // Several meetings may share a name in different folders: the first path's date counts.
  exec("CREATE INDEX IF NOT EXISTS meeting_dates_by_key ON meeting_dates(key, path)");
  std::vector<std::pair<std::string, std::string>> missing;  // path, key
  Statement s(db_, "SELECT path, name FROM meeting_dates WHERE key IS NULL");
  while (s.step()) missing.emplace_back(s.text(0), meeting_link_key(s.text(1)));
  if (missing.empty()) return;
  begin();
  Statement set(db_, "UPDATE meeting_dates SET key = ? WHERE path = ?");
  for (const auto& [path, key] : missing) {
    set.bind(1, key).bind(2, path).step();
    set.reset();
  }
  commit();
}

MeetingDates StateStore::meeting_dates(const std::set<std::string>& keys) {
  MeetingDates out;
  if (keys.size() > kFewKeys) {
    Statement s(db_, "SELECT key, date FROM meeting_dates ORDER BY path");
    while (s.step())
      if (std::string key = s.text(0); keys.count(key)) out.emplace(std::move(key), s.text(1));
    return out;
  }
  Statement s(db_, "SELECT date FROM meeting_dates WHERE key = ? ORDER BY path LIMIT 1");
  for (const std::string& key : keys) {
    if (s.bind(1, key).step()) out.emplace(key, s.text(0));
    s.reset();
  }
  return out;
}

void StateStore::set_meeting_stat(const std::string& path, const std::string& stat) {
  Statement(db_, "INSERT OR REPLACE INTO meeting_stats(path, stat) VALUES(?, ?)")
      .bind(1, path)
      .bind(2, stat)
      .step();
}

void StateStore::forget_meeting(const std::string& path) {
  Statement(db_, "DELETE FROM meetings WHERE path = ?").bind(1, path).step();
  Statement(db_, "DELETE FROM meeting_stats WHERE path = ?").bind(1, path).step();
}

namespace {
// A meeting's phrase keys, one per line (a key is words and spaces).
std::vector<std::string> stored_phrases(sqlite3* db, const std::string& path) {
  Statement s(db, "SELECT keys FROM meeting_phrases WHERE path = ?");
  if (!s.bind(1, path).step()) return {};
  std::vector<std::string> keys;
  std::string all = s.text(0);
  for (size_t start = 0; start < all.size();) {
    size_t end = std::min(all.find('\n', start), all.size());
    keys.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return keys;
}
}  // namespace

void StateStore::set_meeting_phrases(const std::vector<MeetingPhrases>& meetings) {
  set_meeting_phrases(meetings.size(), [&](size_t i) { return meetings[i]; });
}

void StateStore::set_meeting_phrases(size_t count, const std::function<MeetingPhrases(size_t)>& meeting) {
  // One change per phrase for the whole run: a full run of many meetings
  // shares most of its phrases.
  std::map<std::string, long long> change;
  Statement row(db_, "INSERT OR REPLACE INTO meeting_phrases(path, keys) VALUES(?, ?)");
  for (size_t i = 0; i < count; ++i) {
    const MeetingPhrases m = meeting(i);
    for (const std::string& key : stored_phrases(db_, m.path)) --change[key];
    std::string joined;
    for (const std::string& key : m.keys) {
      ++change[key];
      joined += (joined.empty() ? "" : "\n") + key;
    }
    row.bind(1, m.path).bind(2, joined).step();
    row.reset();
  }
  Statement add(db_,
                "INSERT INTO phrase_meetings(key, meetings) VALUES(?1, ?2) "
                "ON CONFLICT(key) DO UPDATE SET meetings = meetings + ?2");
  Statement gone(db_, "DELETE FROM phrase_meetings WHERE key = ? AND meetings <= 0");
  for (const auto& [key, n] : change) {
    if (n == 0) continue;
    add.bind(1, key).bind_int(2, n).step();
    add.reset();
    if (n > 0) continue;
    gone.bind(1, key).step();
    gone.reset();
  }
}

void StateStore::forget_meeting_phrases(const std::string& meeting_path) {
  Statement less(db_, "UPDATE phrase_meetings SET meetings = meetings - 1 WHERE key = ?");
  for (const std::string& key : stored_phrases(db_, meeting_path)) {
    less.bind(1, key).step();
    less.reset();
  }
  exec("DELETE FROM phrase_meetings WHERE meetings <= 0");
  Statement(db_, "DELETE FROM meeting_phrases WHERE path = ?").bind(1, meeting_path).step();
}

PhraseCounts StateStore::phrase_counts(const std::vector<std::string>& keys,
                                       const std::vector<std::string>& except) {
  PhraseCounts out;
  Statement all(db_, "SELECT COUNT(*) FROM meeting_phrases");
  if (all.step()) out.meetings = static_cast<int>(all.integer(0));
  std::unordered_map<std::string, int> less;
  Statement has(db_, "SELECT 1 FROM meeting_phrases WHERE path = ?");
  for (const std::string& path : except) {
    bool stored = has.bind(1, path).step();
    has.reset();
    if (!stored) continue;
    --out.meetings;
    for (const std::string& key : stored_phrases(db_, path)) ++less[key];
  }
  Statement count(db_, "SELECT meetings FROM phrase_meetings WHERE key = ?");
  for (const std::string& key : keys) {
    long long n = count.bind(1, key).step() ? count.integer(0) : 0;
    count.reset();
    if (auto it = less.find(key); it != less.end()) n -= it->second;
    if (n > 0) out.meetings_with[key] = static_cast<int>(n);
  }
  return out;
}

}  // namespace dossier
