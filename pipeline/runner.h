// `dossier run` and `dossier note`: meetings in, customer notes out.
#pragma once
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/merge.h"
#include "pipeline/state.h"
#include "util/error.h"
#include "vault/config.h"

namespace dossier {

struct RuleSet;

struct RunOptions {
  bool full = false;                        // reprocess meetings the state has seen
  bool dry_run = false;                     // write nothing; collect a diff
  std::string since;                        // only meetings dated on/after this
  std::optional<std::string> only_meeting;  // `note MEETING`: this vault-relative path only
  std::string today;                        // YYYY-MM-DD for footers and new notes
  bool progress = false;                    // a progress line on stderr
  // A meeting file modified less than this many seconds ago, new or
  // revised, is left for the next run (counted as skipped, listed in
  // meetings_settling): it is probably still being typed. 0: read at once.
  int settle_s = 0;
  // The rules as the caller loads them, on another thread while the run
  // reads the vault; the run takes them (or a broken rule file's error)
  // before it writes anything. Not valid(): loaded when a meeting needs them.
  std::shared_future<std::shared_ptr<const RuleSet>> rules;
  // RunReport::changes and ::unattributed are filled in only when asked for
  // (--json, --verbose): a run of thousands of meetings would hold a record
  // per item.
  bool list_items = true;
  // A run holds the texts of this many meetings at a time (it reads them
  // again after the scan), and their items on disk until it writes the
  // notes, past `spill_memory_bytes` of them: its memory does not grow with
  // the number of meetings.
  size_t meetings_per_chunk = 256;
  size_t spill_memory_bytes = size_t{4} << 20;
};

// The rules of `options`, waited for (a broken rule file's error is thrown
// here); null when the caller left them to be loaded when needed.
const RuleSet* loaded_rules(const RunOptions& options);

// A meeting that was not processed (it is retried next run), once per run,
// under its own path: the failure is about the meeting, never a note's.
struct FailedMeeting {
  std::string path;  // the meeting
  Failure failure;   // its path is the meeting's
  std::string kind;  // "read": the meeting itself; "extract": its extraction;
                     // "note": a customer note it adds to (`note`) failed
  std::string note;  // for kind "note": the customer note that blocked it,
                     // whose own failure is in notes_failed
};

// A customer or people note, or a folder of notes, that failed: listed once
// however many meetings it blocked.
struct FailedNote {
  Failure failure;   // path: the note or folder
  std::string kind;  // "index": could not be read or parsed, or its folder walked;
                     // "write": could not be updated; "create": a People note could not be made
};

// An item no customer could be given: listed, never dropped silently.
struct UnattributedItem {
  std::string path;  // the meeting
  int line = 0;
  std::string text;
};

struct RunReport {
  int meetings_seen = 0;  // = processed + skipped + failed
  int meetings_processed = 0;
  int meetings_skipped = 0;
  std::vector<std::string> meetings_settling;  // skipped: saved less than settle_s ago (new or revised)
  // Processed: known under another path, gone now (old path, new path);
  // dossier's links to it follow the new name (rename.h).
  std::vector<std::pair<std::string, std::string>> meetings_renamed;
  std::vector<FailedMeeting> meetings_failed;
  // Customer or people notes that failed: a meeting adding to a failed
  // customer note fails too (kind "note"), naming it.
  std::vector<FailedNote> notes_failed;
  std::vector<UnattributedItem> unattributed;
  // Meetings (hybrid) whose rule items were written but whose LLM part
  // failed (the failure's path is the meeting's): counted as processed, and
  // extracted again by a later run that uses the LLM, until that part is done.
  std::vector<Failure> llm_pending;
  std::vector<std::string> warnings;  // "PATH: no items extracted", "path:line: message": nothing failed
  std::vector<std::string> notes_created;
  std::vector<std::string> notes_updated;
  std::vector<std::string> people_created;  // People notes made for contacts (create_people)
  int items_added = 0;
  int items_merged = 0;
  std::vector<Change> changes;  // per customer note, what each item did
  std::string diff;             // --dry-run
};

RunReport run_pipeline(const std::filesystem::path& root, const Config& config, const RunOptions& options,
                       StateStore& state);

}  // namespace dossier
