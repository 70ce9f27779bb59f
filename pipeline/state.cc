#include "pipeline/state.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace dossier {
namespace {

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
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// A prepared statement that finalises itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("state store: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_blob(int i, const std::optional<std::string>& s) {
    if (s) sqlite3_bind_blob(stmt_, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    else sqlite3_bind_null(stmt_, i);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("state store: ") + sqlite3_errmsg(db_));
  }
  std::string text(int col) {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool is_null(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

StateStore::StateStore(const std::filesystem::path& state_dir) {
  std::filesystem::create_directories(state_dir);
  path_ = (state_dir / "state.db").string();
  if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(path_ + ": cannot open state store: " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  exec(kSchema);
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
    std::string uri = "file:" + disk.string() + (has_wal ? "?mode=ro" : "?immutable=1");
    sqlite3* source = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    sqlite3_backup* backup = rc == SQLITE_OK ? sqlite3_backup_init(db_, "main", source, "main") : nullptr;
    if (backup) {
      rc = sqlite3_backup_step(backup, -1);
      sqlite3_backup_finish(backup);
    }
    std::string msg = source ? sqlite3_errmsg(source) : "out of memory";
    sqlite3_close(source);
    if (!backup || rc != SQLITE_DONE) {
      sqlite3_close(db_);
      throw std::runtime_error(disk.string() + ": cannot read state store: " + msg);
    }
  }
  exec(kSchema);
}

StateStore::~StateStore() { sqlite3_close(db_); }

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

std::optional<std::string> StateStore::meeting_hash(const std::string& path) {
  Statement s(db_, "SELECT hash FROM meetings WHERE path = ?");
  if (!s.bind(1, path).step()) return std::nullopt;
  return s.text(0);
}

void StateStore::set_meeting_hash(const std::string& path, const std::string& hash) {
  Statement(db_, "INSERT OR REPLACE INTO meetings(path, hash) VALUES(?, ?)").bind(1, path).bind(2, hash).step();
  Statement(db_, "DELETE FROM meeting_stats WHERE path = ?").bind(1, path).step();
}

namespace {
std::unordered_map<std::string, std::string> pairs(sqlite3* db, const char* sql) {
  std::unordered_map<std::string, std::string> out;
  Statement s(db, sql);
  while (s.step()) out.emplace(s.text(0), s.text(1));
  return out;
}
}  // namespace

std::unordered_map<std::string, std::string> StateStore::meeting_stats() {
  return pairs(db_, "SELECT path, stat FROM meeting_stats");
}

std::unordered_map<std::string, std::string> StateStore::meeting_hashes() {
  return pairs(db_, "SELECT path, hash FROM meetings");
}

void StateStore::set_meeting_stat(const std::string& path, const std::string& stat) {
  Statement(db_, "INSERT OR REPLACE INTO meeting_stats(path, stat) VALUES(?, ?)").bind(1, path).bind(2, stat).step();
}

NoteMemory StateStore::memory(const std::string& note_path) {
  NoteMemory m;
  Statement keys(db_, "SELECT key FROM emitted WHERE note = ?");
  keys.bind(1, note_path);
  while (keys.step()) m.emitted_keys.insert(keys.text(0));
  Statement lines(db_, "SELECT line FROM own_lines WHERE note = ?");
  lines.bind(1, note_path);
  while (lines.step()) m.own_lines.insert(lines.text(0));
  return m;
}

std::unordered_map<std::string, NoteMemory> StateStore::memories(const std::vector<std::string>& note_paths) {
  std::unordered_map<std::string, NoteMemory> out;
  for (const std::string& p : note_paths) out[p];
  Statement keys(db_, "SELECT note, key FROM emitted");
  while (keys.step())
    if (auto it = out.find(keys.text(0)); it != out.end()) it->second.emitted_keys.insert(keys.text(1));
  Statement lines(db_, "SELECT note, line FROM own_lines");
  while (lines.step())
    if (auto it = out.find(lines.text(0)); it != out.end()) it->second.own_lines.insert(lines.text(1));
  return out;
}

void StateStore::save_memory(const std::string& note_path, const NoteMemory& memory) {
  Statement(db_, "DELETE FROM own_lines WHERE note = ?").bind(1, note_path).step();
  Statement add_key(db_, "INSERT OR IGNORE INTO emitted(note, key) VALUES(?, ?)");
  for (const std::string& k : memory.emitted_keys) {
    add_key.bind(1, note_path).bind(2, k).step();
    add_key.reset();
  }
  Statement add_line(db_, "INSERT OR IGNORE INTO own_lines(note, line) VALUES(?, ?)");
  for (const std::string& l : memory.own_lines) {
    add_line.bind(1, note_path).bind(2, l).step();
    add_line.reset();
  }
}

void StateStore::update_memory(const std::string& note_path, const NoteMemory& before, const NoteMemory& after) {
  Statement add_key(db_, "INSERT OR IGNORE INTO emitted(note, key) VALUES(?, ?)");
  for (const std::string& k : after.emitted_keys) {
    if (before.emitted_keys.count(k)) continue;
    add_key.bind(1, note_path).bind(2, k).step();
    add_key.reset();
  }
  Statement drop_line(db_, "DELETE FROM own_lines WHERE note = ? AND line = ?");
  for (const std::string& l : before.own_lines) {
    if (after.own_lines.count(l)) continue;
    drop_line.bind(1, note_path).bind(2, l).step();
    drop_line.reset();
  }
  Statement add_line(db_, "INSERT OR IGNORE INTO own_lines(note, line) VALUES(?, ?)");
  for (const std::string& l : after.own_lines) {
    if (before.own_lines.count(l)) continue;
    add_line.bind(1, note_path).bind(2, l).step();
    add_line.reset();
  }
}

void StateStore::begin_journal() { clear_journal(); }
void StateStore::clear_journal() { exec("DELETE FROM journal; DELETE FROM journal_meetings;"); }

void StateStore::journal_meeting(const JournalMeeting& m) {
  Statement(db_, "INSERT OR IGNORE INTO journal_meetings(path, previous_hash) VALUES(?, ?)")
      .bind(1, m.path).bind_blob(2, m.previous_hash).step();
}

std::vector<JournalMeeting> StateStore::last_journal_meetings() {
  std::vector<JournalMeeting> out;
  Statement s(db_, "SELECT path, previous_hash FROM journal_meetings ORDER BY path");
  while (s.step()) {
    JournalMeeting m{s.text(0), std::nullopt};
    if (!s.is_null(1)) m.previous_hash = s.text(1);
    out.push_back(std::move(m));
  }
  return out;
}

void StateStore::forget_meeting(const std::string& path) {
  Statement(db_, "DELETE FROM meetings WHERE path = ?").bind(1, path).step();
  Statement(db_, "DELETE FROM meeting_stats WHERE path = ?").bind(1, path).step();
}

namespace {
std::string memory_to_json(const NoteMemory& m) {
  return nlohmann::json{{"emitted_keys", m.emitted_keys}, {"own_lines", m.own_lines}}.dump();
}
NoteMemory memory_from_json(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text);
  return NoteMemory{j.at("emitted_keys").get<std::set<std::string>>(), j.at("own_lines").get<std::set<std::string>>()};
}
}  // namespace

void StateStore::replace_memory(const std::string& note_path, const NoteMemory& memory) {
  Statement(db_, "DELETE FROM emitted WHERE note = ?").bind(1, note_path).step();
  save_memory(note_path, memory);
}

void StateStore::journal(const JournalEntry& e) {
  // The first write of a run keeps the bytes from before the run; later
  // writes of the same note in that run only move after_hash on.
  Statement(db_,
            "INSERT INTO journal(path, before, after_hash, memory_before) VALUES(?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET after_hash = excluded.after_hash")
      .bind(1, e.path).bind_blob(2, e.before).bind(3, e.after_hash).bind(4, memory_to_json(e.memory_before)).step();
}

std::vector<JournalEntry> StateStore::last_journal() {
  std::vector<JournalEntry> out;
  Statement s(db_, "SELECT path, before, after_hash, memory_before FROM journal ORDER BY seq");
  while (s.step()) {
    JournalEntry e{s.text(0), std::nullopt, s.text(2), memory_from_json(s.text(3))};
    if (!s.is_null(1)) e.before = s.text(1);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<std::string> StateStore::cache_get(const std::string& key) {
  Statement s(db_, "SELECT value FROM llm_cache WHERE key = ?");
  if (!s.bind(1, key).step()) return std::nullopt;
  return s.text(0);
}

void StateStore::cache_put(const std::string& key, const std::string& value) {
  Statement(db_, "INSERT OR REPLACE INTO llm_cache(key, value) VALUES(?, ?)").bind(1, key).bind(2, value).step();
}

std::optional<std::string> StateStore::setting(const std::string& key) {
  Statement s(db_, "SELECT value FROM settings WHERE key = ?");
  if (!s.bind(1, key).step()) return std::nullopt;
  return s.text(0);
}

void StateStore::set_setting(const std::string& key, const std::string& value) {
  Statement(db_, "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)").bind(1, key).bind(2, value).step();
}

}  // namespace dossier
