#include "pipeline/state.h"

#include <map>
#include <set>
#include <stdexcept>

#include "pipeline/state_sql.h"
#include "util/text.h"
#include "vault/lock.h"

namespace dossier {
namespace {

using state_sql::Statement;

const char kSchema[] = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS meetings(path TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meeting_stats(path TEXT PRIMARY KEY, stat TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS emitted(note TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(note, key));
CREATE TABLE IF NOT EXISTS own_lines(note TEXT NOT NULL, line TEXT NOT NULL, PRIMARY KEY(note, line));
CREATE TABLE IF NOT EXISTS journal(seq INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, before BLOB,
                                   after_hash TEXT NOT NULL, memory_before TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal_meetings(path TEXT PRIMARY KEY, previous_hash TEXT);
CREATE TABLE IF NOT EXISTS llm_cache(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS note_sizes(note TEXT PRIMARY KEY, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meeting_dates(path TEXT PRIMARY KEY, name TEXT NOT NULL, date TEXT NOT NULL,
                                         key TEXT);
CREATE TABLE IF NOT EXISTS meeting_phrases(path TEXT PRIMARY KEY, keys TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS phrase_meetings(key TEXT PRIMARY KEY, meetings INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS note_facts(path TEXT PRIMARY KEY, signature TEXT NOT NULL, facts BLOB NOT NULL);
)sql";

// "doss" in ASCII: marks a state.db as dossier's (PRAGMA application_id), so
// that another program's database behind a link or copy is never changed.
constexpr long long kApplicationId = 0x646f7373;
// Version of the tables above (PRAGMA user_version); older ones are migrated.
constexpr long long kSchemaVersion = 3;

std::string recovery_hint(const std::string& path) {
  return " (move it aside, e.g. `mv " + path + " " + path +
         ".bad`, and run again: every meeting is then processed again, without duplicates, and `undo` "
         "forgets the last run)";
}

// An SQLite URI for `path`: '?', '#' and '%' in a folder name are escaped,
// or they would end the path.
std::string file_uri(const std::filesystem::path& path) {
  std::string uri = "file:";
  for (char c : std::filesystem::absolute(path).string()) {
    if (c == '?')
      uri += "%3f";
    else if (c == '#')
      uri += "%23";
    else if (c == '%')
      uri += "%25";
    else
      uri += c;
  }
  return uri;
}

constexpr std::string_view kLlmPendingMark = " llm-pending";

}  // namespace
std::string llm_pending_hash(const std::string& hash) { return hash + std::string(kLlmPendingMark); }

bool is_llm_pending(std::string_view recorded) { return recorded.ends_with(kLlmPendingMark); }

std::string_view recorded_content(std::string_view recorded) {
  if (is_llm_pending(recorded)) recorded.remove_suffix(kLlmPendingMark.size());
  return recorded;
}

StateStore::StateStore(const std::filesystem::path& state_dir) {
  prepare_state_dir(state_dir);
  path_ = (state_dir / "state.db").string();
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error(path_ + ": cannot open the state store: " + msg + recovery_hint(path_));
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    check_owner();
    exec(kSchema);
    migrate();
  } catch (const std::runtime_error& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    std::string what = e.what();
    if (what.find(" (move it aside") == std::string::npos) what += recovery_hint(path_);
    throw std::runtime_error(what);
  }
}

StateStore::StateStore(const std::filesystem::path& state_dir, InMemoryCopy) {
  path_ = ":memory:";
  if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) {
    sqlite3_close(db_);
    throw std::runtime_error("cannot open an in-memory state store");
  }
  std::filesystem::path disk = state_dir / "state.db";
  std::error_code ec;
  if (std::filesystem::exists(disk, ec)) {
    // Without a -wal file the database is complete in its main file and
    // `immutable` reads it without creating -wal/-shm files; with one (a run
    // is active, or was killed), a read-only open uses the files there.
    bool has_wal = std::filesystem::exists(disk.string() + "-wal", ec);
    std::string uri = file_uri(disk) + (has_wal ? "?mode=ro" : "?immutable=1");
    sqlite3* source = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &source,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, nullptr);
    sqlite3_backup* backup = rc == SQLITE_OK ? sqlite3_backup_init(db_, "main", source, "main") : nullptr;
    if (backup) {
      rc = sqlite3_backup_step(backup, -1);
      sqlite3_backup_finish(backup);
    }
    std::string msg = source ? sqlite3_errmsg(source) : "out of memory";
    sqlite3_close(source);
    if (!backup || rc != SQLITE_DONE) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error(disk.string() + ": cannot read the state store: " + msg +
                               recovery_hint(disk.string()));
    }
  }
  try {
    check_owner();
    exec(kSchema);
    migrate();
  } catch (const std::runtime_error&) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

long long StateStore::pragma(const char* name) {
  Statement s(db_, (std::string("PRAGMA ") + name).c_str());
  return s.step() ? std::stoll(s.text(0)) : 0;
}

void StateStore::check_owner() {
  long long id = pragma("application_id");
  if (id == kApplicationId) return;
  bool foreign = id != 0;
  if (!foreign) {
    // A database from before the marker: dossier's if it holds only dossier's tables.
    Statement s(db_, "SELECT name FROM sqlite_master WHERE type = 'table'");
    static const std::set<std::string> ours{"meetings", "meeting_stats",    "emitted",   "own_lines",
                                            "journal",  "journal_meetings", "llm_cache", "note_sizes",
                                            "meta",     "meeting_dates"};
    while (s.step()) foreign = foreign || !ours.count(s.text(0));
  }
  if (foreign)
    throw std::runtime_error(path_ + ": is not dossier's state store (another program's database)");
}

void StateStore::migrate() {
  // The first journal had no memory_before: an empty memory is what undo
  // then restores, as it did before.
  bool has_memory_before = false;
  Statement columns(db_, "PRAGMA table_info(journal)");
  while (columns.step()) has_memory_before = has_memory_before || columns.text(1) == "memory_before";
  if (!has_memory_before)
    exec(
        "ALTER TABLE journal ADD COLUMN memory_before TEXT NOT NULL "
        "DEFAULT '{\"emitted_keys\":[],\"own_lines\":[]}'");
  migrate_meeting_date_keys();
  if (pragma("user_version") != kSchemaVersion || pragma("application_id") != kApplicationId)
    exec(("PRAGMA application_id = " + std::to_string(kApplicationId) +
          "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";")
             .c_str());
}

StateStore::~StateStore() {
  if (db_) sqlite3_close(db_);
}

void StateStore::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error(path_ + ": " + msg);
  }
}

void StateStore::begin() { exec("BEGIN IMMEDIATE"); }
void StateStore::commit() { exec("COMMIT"); }
void StateStore::rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

std::optional<std::string> StateStore::cache_get(const std::string& key) {
  return state_sql::text_for(db_, "SELECT value FROM llm_cache WHERE key = ?", key);
}

void StateStore::cache_put(const std::string& key, const std::string& value) {
  Statement(db_, "INSERT OR REPLACE INTO llm_cache(key, value) VALUES(?, ?)")
      .bind(1, key)
      .bind(2, value)
      .step();
}

std::optional<std::string> StateStore::setting(const std::string& key) {
  return state_sql::text_for(db_, "SELECT value FROM meta WHERE key = ?", key);
}

void StateStore::set_setting(const std::string& key, const std::string& value) {
  Statement(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)").bind(1, key).bind(2, value).step();
}

}  // namespace dossier
