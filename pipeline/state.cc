#include "pipeline/state.h"

#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <stdexcept>

#include "pipeline/date_order.h"
#include "util/text.h"
#include "vault/lock.h"

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
CREATE TABLE IF NOT EXISTS note_sizes(note TEXT PRIMARY KEY, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meeting_dates(path TEXT PRIMARY KEY, name TEXT NOT NULL, date TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meeting_phrases(path TEXT PRIMARY KEY, keys TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS phrase_meetings(key TEXT PRIMARY KEY, meetings INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS note_facts(path TEXT PRIMARY KEY, signature TEXT NOT NULL, facts BLOB NOT NULL);
)sql";

// "doss" in ASCII: marks a state.db as dossier's (PRAGMA application_id), so
// that another program's database behind a link or copy is never changed.
constexpr long long kApplicationId = 0x646f7373;
// Version of the tables above (PRAGMA user_version); older ones are migrated.
constexpr long long kSchemaVersion = 2;

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
    if (c == '?') uri += "%3f";
    else if (c == '#') uri += "%23";
    else if (c == '%') uri += "%25";
    else uri += c;
  }
  return uri;
}

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
  long long integer(int col) { return sqlite3_column_int64(stmt_, col); }
  Statement& bind_int(int i, long long n) {
    sqlite3_bind_int64(stmt_, i, n);
    return *this;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

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
    int rc = sqlite3_open_v2(uri.c_str(), &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW,
                             nullptr);
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
      throw std::runtime_error(disk.string() + ": cannot read the state store: " + msg + recovery_hint(disk.string()));
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
    static const std::set<std::string> ours{"meetings", "meeting_stats", "emitted", "own_lines", "journal",
                                            "journal_meetings", "llm_cache", "note_sizes", "meta",
                                            "meeting_dates"};
    while (s.step()) foreign = foreign || !ours.count(s.text(0));
  }
  if (foreign) throw std::runtime_error(path_ + ": is not dossier's state store (another program's database)");
}

void StateStore::migrate() {
  // The first journal had no memory_before: an empty memory is what undo
  // then restores, as it did before.
  bool has_memory_before = false;
  Statement columns(db_, "PRAGMA table_info(journal)");
  while (columns.step()) has_memory_before = has_memory_before || columns.text(1) == "memory_before";
  if (!has_memory_before)
    exec("ALTER TABLE journal ADD COLUMN memory_before TEXT NOT NULL "
         "DEFAULT '{\"emitted_keys\":[],\"own_lines\":[]}'");
  if (pragma("user_version") != kSchemaVersion || pragma("application_id") != kApplicationId)
    exec(("PRAGMA application_id = " + std::to_string(kApplicationId) + "; PRAGMA user_version = " +
          std::to_string(kSchemaVersion) + ";").c_str());
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

void StateStore::set_meeting_date(const std::string& path, const std::string& name, const std::string& date) {
  Statement(db_, "INSERT OR REPLACE INTO meeting_dates(path, name, date) VALUES(?, ?, ?)")
      .bind(1, path).bind(2, name).bind(3, date).step();
}

MeetingDates StateStore::meeting_dates() {
  MeetingDates out;
  Statement s(db_, "SELECT name, date FROM meeting_dates ORDER BY path");
  while (s.step()) out.emplace(meeting_link_key(s.text(0)), s.text(1));
  return out;
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

namespace {
// Up to this many notes, a query each beats reading a whole table.
constexpr size_t kFewNotes = 64;
}  // namespace

std::unordered_map<std::string, NoteMemory> StateStore::memories(const std::vector<std::string>& note_paths) {
  std::unordered_map<std::string, NoteMemory> out;
  if (note_paths.size() <= kFewNotes) {
    for (const std::string& p : note_paths) out[p] = memory(p);
    return out;
  }
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
  // Keys a retraction forgot: the item may come again from its meeting.
  Statement drop_key(db_, "DELETE FROM emitted WHERE note = ? AND key = ?");
  for (const std::string& k : before.emitted_keys) {
    if (after.emitted_keys.count(k)) continue;
    drop_key.bind(1, note_path).bind(2, k).step();
    drop_key.reset();
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

bool StateStore::journal_open() {
  Statement s(db_, "SELECT value FROM meta WHERE key = 'journal_open'");
  return s.step() && s.text(0) == "1";
}

void StateStore::begin_journal() {
  // A run that never finished (killed, disk full at its last commit) left
  // its journal open: this run continues it, so that undo still goes back to
  // before that run and resets its meetings too.
  if (journal_open()) return;
  clear_journal();
  exec("INSERT OR REPLACE INTO meta(key, value) VALUES('journal_open', '1')");
}

void StateStore::finish_journal() { exec("DELETE FROM meta WHERE key = 'journal_open'"); }

void StateStore::clear_journal() {
  exec("DELETE FROM journal; DELETE FROM journal_meetings; DELETE FROM meta WHERE key = 'journal_open';");
}

std::vector<std::string> StateStore::notes_citing(const std::string& meeting_name) {
  // The keys merge.cc remembers per meeting: "summary:NAME", "from:NAME:KEY".
  std::vector<std::string> out;
  std::string name = casefold(meeting_name);
  Statement s(db_,
              "SELECT DISTINCT note FROM emitted WHERE key = ?1 OR substr(key, 1, length(?2)) = ?2 ORDER BY note");
  s.bind(1, "summary:" + name).bind(2, "from:" + name + ":");
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::string> StateStore::remembered_notes() {
  std::vector<std::string> out;
  Statement s(db_, "SELECT note FROM emitted UNION SELECT note FROM own_lines ORDER BY 1");
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::string> StateStore::notes_fed_by(const std::string& meeting_name) {
  // The keys merge.h keeps: "summary:NAME" and "from:NAME:KEY" (NAME case-folded;
  // a dedupe key has no ':', so "from:NAME:" ... "from:NAME;" is exactly its range).
  std::string name = casefold(meeting_name);
  std::vector<std::string> out;
  Statement s(db_, "SELECT DISTINCT note FROM emitted WHERE key = ? OR (key >= ? AND key < ?) ORDER BY 1");
  s.bind(1, "summary:" + name).bind(2, "from:" + name + ":").bind(3, "from:" + name + ";");
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void StateStore::move_memory(const std::string& from, const std::string& to) {
  for (const char* sql : {"UPDATE OR REPLACE emitted SET note = ? WHERE note = ?",
                          "UPDATE OR REPLACE own_lines SET note = ? WHERE note = ?",
                          "UPDATE OR REPLACE note_sizes SET note = ? WHERE note = ?"})
    Statement(db_, sql).bind(1, to).bind(2, from).step();
}

std::unordered_map<std::string, std::pair<std::string, std::string>> StateStore::note_facts() {
  std::unordered_map<std::string, std::pair<std::string, std::string>> out;
  Statement s(db_, "SELECT path, signature, facts FROM note_facts");
  while (s.step()) out.emplace(s.text(0), std::make_pair(s.text(1), s.text(2)));
  return out;
}

void StateStore::set_note_facts(const std::string& path, const std::string& signature, const std::string& facts) {
  Statement(db_, "INSERT OR REPLACE INTO note_facts(path, signature, facts) VALUES(?, ?, ?)")
      .bind(1, path)
      .bind(2, signature)
      .bind_blob(3, facts)
      .step();
}

bool StateStore::remembers(const std::string& note_path) {
  return Statement(db_, "SELECT 1 FROM emitted WHERE note = ?1 UNION ALL SELECT 1 FROM own_lines WHERE note = ?1 LIMIT 1")
      .bind(1, note_path)
      .step();
}

std::unordered_map<std::string, unsigned long long> StateStore::written_sizes(
    const std::vector<std::string>& note_paths) {
  std::unordered_map<std::string, unsigned long long> out;
  if (note_paths.size() <= kFewNotes) {
    Statement s(db_, "SELECT size FROM note_sizes WHERE note = ?");
    for (const std::string& p : note_paths) {
      s.bind(1, p);
      if (s.step()) out.emplace(p, std::stoull(s.text(0)));
      s.reset();
    }
    return out;
  }
  std::set<std::string> wanted(note_paths.begin(), note_paths.end());
  Statement s(db_, "SELECT note, size FROM note_sizes");
  while (s.step())
    if (wanted.count(s.text(0))) out.emplace(s.text(0), std::stoull(s.text(1)));
  return out;
}

void StateStore::set_written_size(const std::string& note_path, unsigned long long size) {
  Statement(db_, "INSERT OR REPLACE INTO note_sizes(note, size) VALUES(?, ?)")
      .bind(1, note_path).bind(2, std::to_string(size)).step();
}

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

std::optional<JournalEntry> StateStore::journal_entry(const std::string& path) {
  Statement s(db_, "SELECT path, before, after_hash, memory_before FROM journal WHERE path = ?");
  if (!s.bind(1, path).step()) return std::nullopt;
  JournalEntry e{s.text(0), std::nullopt, s.text(2), memory_from_json(s.text(3))};
  if (!s.is_null(1)) e.before = s.text(1);
  return e;
}

void StateStore::restore_journal_entry(const std::string& path, const std::optional<JournalEntry>& previous) {
  if (previous)
    Statement(db_, "UPDATE journal SET after_hash = ? WHERE path = ?").bind(1, previous->after_hash).bind(2, path).step();
  else
    Statement(db_, "DELETE FROM journal WHERE path = ?").bind(1, path).step();
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
  // One change per phrase for the whole run: a full run of many meetings
  // shares most of its phrases.
  std::map<std::string, long long> change;
  Statement row(db_, "INSERT OR REPLACE INTO meeting_phrases(path, keys) VALUES(?, ?)");
  for (const MeetingPhrases& m : meetings) {
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

PhraseCounts StateStore::phrase_counts(const std::vector<std::string>& keys, const std::vector<std::string>& except) {
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

std::optional<std::string> StateStore::cache_get(const std::string& key) {
  Statement s(db_, "SELECT value FROM llm_cache WHERE key = ?");
  if (!s.bind(1, key).step()) return std::nullopt;
  return s.text(0);
}

void StateStore::cache_put(const std::string& key, const std::string& value) {
  Statement(db_, "INSERT OR REPLACE INTO llm_cache(key, value) VALUES(?, ?)").bind(1, key).bind(2, value).step();
}

std::optional<std::string> StateStore::setting(const std::string& key) {
  Statement s(db_, "SELECT value FROM meta WHERE key = ?");
  if (!s.bind(1, key).step()) return std::nullopt;
  return s.text(0);
}

void StateStore::set_setting(const std::string& key, const std::string& value) {
  Statement(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)").bind(1, key).bind(2, value).step();
}

}  // namespace dossier
