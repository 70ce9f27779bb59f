#include "pipeline/undo.h"

#include "util/error.h"
#include "util/files.h"
#include "util/unified_diff.h"
#include "vault/guarded_write.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {

bool UndoReport::kept_any() const {
  for (const UndoStep& s : steps)
    if (s.action == UndoStep::keep) return true;
  return false;
}

UndoReport undo_last_run(const fs::path& root, const Config& config, StateStore& state, bool dry_run) {
  UndoReport report;
  // Files first, then the state in one transaction: an undo killed half way
  // finds its journal intact and the notes it already restored equal to
  // their bytes from before the run, which count as restored.
  std::vector<const JournalEntry*> restored;
  std::vector<JournalEntry> journal = state.last_journal();
  for (const JournalEntry& e : journal) {
    fs::path path;
    try {
      path = checked_note_path(root, config, e.path);
    } catch (const InputError& error) {
      report.steps.push_back({UndoStep::keep, e.path, std::string(error.what()) + " (journal entry of the last run; left alone)", ""});
      continue;
    }
    std::optional<std::string> now = read_file(path);
    if (now == e.before) {
      restored.push_back(&e);
      continue;
    }
    if (!now || content_hash(*now) != e.after_hash) {
      report.steps.push_back({UndoStep::keep, e.path,
                              e.path + ":1: " +
                                  (now ? "edited since the last run" : "removed or renamed since the last run") +
                                  "; " + (dry_run ? "would be left" : "left") + " as it is",
                              ""});
      continue;
    }
    UndoStep::Action action = e.before ? UndoStep::restore : UndoStep::remove;
    if (dry_run) {
      report.steps.push_back({action, e.path, "", unified_diff(e.path, *now, e.before.value_or(""))});
      continue;
    }
    // The same guarded swap a run uses: a save that lands while undo writes
    // is never replaced by the bytes from before the run.
    bool done = e.before ? replace_if_unchanged(path, now, *e.before) : remove_if_unchanged(path, *now);
    if (!done) {
      report.steps.push_back({UndoStep::keep, e.path, e.path + ":1: edited while undo ran; left as it is", ""});
      continue;
    }
    restored.push_back(&e);
    report.steps.push_back({action, e.path, "", ""});
  }
  if (dry_run) return report;
  state.begin();
  for (const JournalEntry* e : restored) state.replace_memory(e->path, e->memory_before);
  for (const JournalMeeting& m : state.last_journal_meetings()) {
    if (m.previous_hash) state.set_meeting_hash(m.path, *m.previous_hash);
    else state.forget_meeting(m.path);
  }
  state.clear_journal();
  state.commit();
  return report;
}

}  // namespace dossier
