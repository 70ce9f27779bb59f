// The state store's memory of each note: the keys and lines dossier wrote,
// the size it last wrote, and the facts the vault index read from it.
#include "pipeline/state.h"

#include <nlohmann/json.hpp>
#include <set>

#include "pipeline/state_sql.h"
#include "util/text.h"

namespace dossier {

using state_sql::Statement;

std::string state_sql::memory_to_json(const NoteMemory& m) {
  return nlohmann::json{{"emitted_keys", m.emitted_keys}, {"own_lines", m.own_lines}}.dump();
}

NoteMemory state_sql::memory_from_json(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text);
  return NoteMemory{j.at("emitted_keys").get<std::set<std::string>>(),
                    j.at("own_lines").get<std::set<std::string>>()};
}

namespace {

// Up to this many notes, a query each beats reading a whole table.
constexpr size_t kFewNotes = 64;

constexpr const char* kAddKey = "INSERT OR IGNORE INTO emitted(note, key) VALUES(?, ?)";
constexpr const char* kAddLine = "INSERT OR IGNORE INTO own_lines(note, line) VALUES(?, ?)";

// The first column of every row `sql` gives for the note.
std::set<std::string> texts_of_note(sqlite3* db, const char* sql, const std::string& note_path) {
  std::set<std::string> out;
  Statement s(db, sql);
  s.bind(1, note_path);
  while (s.step()) out.insert(s.text(0));
  return out;
}

// Runs `sql` with (note, value) for each of `values` that `except` lacks.
void run_for_each(sqlite3* db, const char* sql, const std::string& note_path,
                  const std::set<std::string>& values, const std::set<std::string>& except = {}) {
  Statement s(db, sql);
  for (const std::string& value : values) {
    if (except.count(value)) continue;
    s.bind(1, note_path).bind(2, value).step();
    s.reset();
  }
}

}  // namespace

NoteMemory StateStore::memory(const std::string& note_path) {
  return NoteMemory{texts_of_note(db_, "SELECT key FROM emitted WHERE note = ?", note_path),
                    texts_of_note(db_, "SELECT line FROM own_lines WHERE note = ?", note_path)};
}

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
  run_for_each(db_, kAddKey, note_path, memory.emitted_keys);
  run_for_each(db_, kAddLine, note_path, memory.own_lines);
}

void StateStore::update_memory(const std::string& note_path, const NoteMemory& before,
                               const NoteMemory& after) {
  run_for_each(db_, kAddKey, note_path, after.emitted_keys, before.emitted_keys);
  // Keys a retraction forgot: the item may come again from its meeting.
  run_for_each(db_, "DELETE FROM emitted WHERE note = ? AND key = ?", note_path, before.emitted_keys,
               after.emitted_keys);
  run_for_each(db_, "DELETE FROM own_lines WHERE note = ? AND line = ?", note_path, before.own_lines,
               after.own_lines);
  run_for_each(db_, kAddLine, note_path, after.own_lines, before.own_lines);
}

std::vector<std::string> StateStore::notes_citing(const std::string& meeting_name) {
  // The keys merge.cc remembers per meeting: "summary:NAME", "from:NAME:KEY".
  std::vector<std::string> out;
  std::string name = casefold(meeting_name);
  Statement s(
      db_,
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

void StateStore::set_note_facts(const std::string& path, const std::string& signature,
                                const std::string& facts) {
  Statement(db_, "INSERT OR REPLACE INTO note_facts(path, signature, facts) VALUES(?, ?, ?)")
      .bind(1, path)
      .bind(2, signature)
      .bind_blob(3, facts)
      .step();
}

bool StateStore::remembers(const std::string& note_path) {
  return Statement(db_,
                   "SELECT 1 FROM emitted WHERE note = ?1 UNION ALL SELECT 1 FROM own_lines WHERE note = ?1 "
                   "LIMIT 1")
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
      .bind(1, note_path)
      .bind(2, std::to_string(size))
      .step();
}

void StateStore::replace_memory(const std::string& note_path, const NoteMemory& memory) {
  Statement(db_, "DELETE FROM emitted WHERE note = ?").bind(1, note_path).step();
  save_memory(note_path, memory);
}

}  // namespace dossier
