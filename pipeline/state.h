// The state store, <vault>/.dossier/state.db (SQLite): which meetings were
// processed (by content hash), what dossier wrote into each customer note,
// the journal of the last run (for undo) and the LLM response cache.
// SQLite gives atomic, durable updates of all of it without hand-written
// file formats, and stays fast at 10k meetings.
#pragma once
#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractors/topics.h"
#include "pipeline/merge.h"

namespace dossier {

struct JournalEntry {
  std::string path;                   // vault-relative note path
  std::optional<std::string> before;  // previous bytes; nullopt = the run created the note
  std::string after_hash;             // content_hash of what the run wrote
  NoteMemory memory_before;           // what dossier remembered of the note before the run
};

struct JournalMeeting {
  std::string path;
  std::optional<std::string> previous_hash;  // nullopt: the meeting was new to the state
};

// A meeting whose rule items were written while its LLM part failed (hybrid,
// the endpoint down) is recorded with its hash marked: its content is known
// and its items are in the notes, but the LLM part is still to do. A run that
// uses the LLM extracts it again; a rules run leaves it as it is. Kept in the
// hash itself so that the journal, and so undo, restore the mark with it.
std::string llm_pending_hash(const std::string& hash);
bool is_llm_pending(std::string_view recorded);
std::string_view recorded_content(std::string_view recorded);  // the hash without the mark

class StateStore {
 public:
  // Opens (creating if needed) <state_dir>/state.db. Throws std::runtime_error
  // saying how to recover when the file is damaged or another program's.
  explicit StateStore(const std::filesystem::path& state_dir);
  // For a dry run: an in-memory copy of <state_dir>/state.db (empty when
  // there is none). Creates, locks and changes nothing on disk, so a dry
  // run works on a read-only vault and leaves no trace.
  struct InMemoryCopy {};
  StateStore(const std::filesystem::path& state_dir, InMemoryCopy);
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;
  ~StateStore();

  std::optional<std::string> meeting_hash(const std::string& path);
  void set_meeting_hash(const std::string& path, const std::string& hash);  // forgets the stat
  // The file's stat signature when its hash was last taken: an unchanged
  // signature lets a no-op run skip reading the file (as git's index does).
  void set_meeting_stat(const std::string& path, const std::string& stat);
  // Every meeting's path and stat, in one query, without a copy: the cron
  // run compares ten thousand of them with what the walk found.
  void each_meeting_stat(const std::function<void(std::string_view path, std::string_view stat)>& fn);
  // The recorded hashes of those of `paths` dossier knows: a query per path
  // for a few (a cron run that found one new meeting), one pass over the
  // table for many.
  std::unordered_map<std::string, std::string> meeting_hashes(const std::vector<std::string>& paths);
  // Every known meeting whose recorded hash is one of `contents` (with or
  // without the LLM-pending mark): path -> recorded hash. Where a meeting
  // at a new path was before, if it was renamed.
  std::unordered_map<std::string, std::string> meetings_with_content(
      const std::vector<std::string>& contents);
  // The name and date of each meeting processed, for the date order of
  // dossier's lines (date_order.h).
  void set_meeting_date(const std::string& path, const std::string& name, const std::string& date);
  // The dates of the meetings with these keys (meeting_link_key): a query
  // each for a few (the post-meeting hook's note cites some dozens), one
  // pass over the table for many.
  MeetingDates meeting_dates(const std::set<std::string>& keys);

  NoteMemory memory(const std::string& note_path);
  // The memories of the given notes: a query per note for a few (the
  // post-meeting hook reads only what it needs), two queries over the whole
  // memory for many (a run about to merge them all).
  std::unordered_map<std::string, NoteMemory> memories(const std::vector<std::string>& note_paths);
  void save_memory(const std::string& note_path, const NoteMemory& memory);  // adds to it
  void replace_memory(const std::string& note_path, const NoteMemory& memory);
  // Writes only what changed from `before` (as loaded) to `after`: a run
  // touches a few lines of notes that may hold thousands.
  void update_memory(const std::string& note_path, const NoteMemory& before, const NoteMemory& after);

  // Starts a new journal (forgetting the previous run's) for a run that
  // writes, unless the previous run's journal is still open (that run never
  // finished): then that journal goes on. Part of the first write's transaction.
  void begin_journal();
  bool journal_open();
  // Closes the run's journal: part of the run's last transaction, which marks
  // its meetings processed.
  void finish_journal();
  void journal(const JournalEntry& entry);  // first entry per path wins within a run
  std::vector<JournalEntry> last_journal();
  // The journal entry of one note, if the journal has one.
  std::optional<JournalEntry> journal_entry(const std::string& path);
  // Puts a note's journal entry back as it was (`previous`; nullopt: none),
  // for a write that did not happen after all.
  void restore_journal_entry(const std::string& path, const std::optional<JournalEntry>& previous);
  // Meetings the journalled run marked processed, with their hashes before.
  void journal_meeting(const JournalMeeting& meeting);
  std::vector<JournalMeeting> last_journal_meetings();
  void forget_meeting(const std::string& path);
  void clear_journal();

  // Small named values, such as the hash of the rules, template and
  // sections the processed meetings were extracted with.
  std::optional<std::string> setting(const std::string& key);
  void set_setting(const std::string& key, const std::string& value);

  // The notes the memory says a meeting gave items or a summary to.
  std::vector<std::string> notes_citing(const std::string& meeting_name);
  // Every note path the memory holds lines or keys of.
  std::vector<std::string> remembered_notes();
  // The notes a meeting (by its note name) gave items or a Recent Context line to.
  std::vector<std::string> notes_fed_by(const std::string& meeting_name);
  // Whether the memory holds lines or keys of this note.
  bool remembers(const std::string& note_path);
  // A note renamed or moved: its memory (what the user deleted, which lines
  // are dossier's) follows it.
  void move_memory(const std::string& from, const std::string& to);

  // What scan_vault read of each customer and people note (note_facts.h):
  // path -> {stat signature, encoded facts}.
  std::unordered_map<std::string, std::pair<std::string, std::string>> note_facts();
  void set_note_facts(const std::string& path, const std::string& signature, const std::string& facts);

  // Size in bytes of each of these notes as dossier last wrote it (absent:
  // never written), read like memories().
  std::unordered_map<std::string, unsigned long long> written_sizes(
      const std::vector<std::string>& note_paths);
  void set_written_size(const std::string& note_path, unsigned long long size);

  // Topics' rarity across the vault (topics.h): the phrase keys that recur
  // in each processed meeting, and in how many meetings each key recurs,
  // kept up to date as meetings are processed again.
  struct MeetingPhrases {
    std::string path;
    std::vector<std::string> keys;  // sorted, unique
  };
  void set_meeting_phrases(const std::vector<MeetingPhrases>& meetings);
  // The same for `count` meetings given one at a time: a run of thousands
  // need not hold every meeting's keys at once.
  void set_meeting_phrases(size_t count, const std::function<MeetingPhrases(size_t)>& meeting);
  // A meeting no longer at `meeting_path` (renamed) counts no more.
  void forget_meeting_phrases(const std::string& meeting_path);
  // The counts of `keys` over the meetings the store has phrases of, less
  // the meetings `except` (the ones a run processes again).
  PhraseCounts phrase_counts(const std::vector<std::string>& keys, const std::vector<std::string>& except);

  std::optional<std::string> cache_get(const std::string& key);
  void cache_put(const std::string& key, const std::string& value);

  // Groups the calls between them into one durable transaction.
  void begin();
  void commit();
  void rollback() noexcept;

 private:
  void exec(const char* sql);
  long long pragma(const char* name);
  void check_owner();
  void migrate();
  // State stores before version 3 (or written by one) lack meeting_dates.key.
  void migrate_meeting_date_keys();
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace dossier
