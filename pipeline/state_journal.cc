// The state store's journal of the last run: what undo and recovery put
// back.
#include "pipeline/state.h"

#include "pipeline/state_sql.h"

namespace dossier {

using state_sql::memory_from_json;
using state_sql::memory_to_json;
using state_sql::Statement;

bool StateStore::journal_open() { return setting("journal_open") == "1"; }

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

void StateStore::journal_meeting(const JournalMeeting& m) {
  Statement(db_, "INSERT OR IGNORE INTO journal_meetings(path, previous_hash) VALUES(?, ?)")
      .bind(1, m.path)
      .bind_blob(2, m.previous_hash)
      .step();
}

std::vector<JournalMeeting> StateStore::last_journal_meetings() {
  std::vector<JournalMeeting> out;
  Statement s(db_, "SELECT path, previous_hash FROM journal_meetings ORDER BY path");
  while (s.step()) out.push_back(JournalMeeting{s.text(0), s.nullable_text(1)});
  return out;
}

void StateStore::journal(const JournalEntry& e) {
  // The first write of a run keeps the bytes from before the run; later
  // writes of the same note in that run only move after_hash on.
  Statement(db_,
            "INSERT INTO journal(path, before, after_hash, memory_before) VALUES(?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET after_hash = excluded.after_hash")
      .bind(1, e.path)
      .bind_blob(2, e.before)
      .bind(3, e.after_hash)
      .bind(4, memory_to_json(e.memory_before))
      .step();
}

namespace {
// The row of a "SELECT path, before, after_hash, memory_before FROM journal".
JournalEntry journal_row(Statement& s) {
  return JournalEntry{s.text(0), s.nullable_text(1), s.text(2), memory_from_json(s.text(3))};
}
}  // namespace

std::vector<JournalEntry> StateStore::last_journal() {
  std::vector<JournalEntry> out;
  Statement s(db_, "SELECT path, before, after_hash, memory_before FROM journal ORDER BY seq");
  while (s.step()) out.push_back(journal_row(s));
  return out;
}

std::optional<JournalEntry> StateStore::journal_entry(const std::string& path) {
  Statement s(db_, "SELECT path, before, after_hash, memory_before FROM journal WHERE path = ?");
  if (!s.bind(1, path).step()) return std::nullopt;
  return journal_row(s);
}

void StateStore::restore_journal_entry(const std::string& path, const std::optional<JournalEntry>& previous) {
  if (previous)
    Statement(db_, "UPDATE journal SET after_hash = ? WHERE path = ?")
        .bind(1, previous->after_hash)
        .bind(2, path)
        .step();
  else
    Statement(db_, "DELETE FROM journal WHERE path = ?").bind(1, path).step();
}

}  // namespace dossier
