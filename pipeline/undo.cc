#include "pipeline/undo.h"

#include "util/error.h"
#include "util/files.h"
#include "util/unified_diff.h"
#include "vault/guarded_write.h"
#include "vault/vault.h"

namespace fs = std::filesystem;

namespace dossier {

std::string UndoStep::message() const {
  if (!why) return "";
  if (lost.empty()) return why->text();
  std::string text = why->text() + ":\n" + lost;
  if (text.back() == '\n') text.pop_back();
  return text;
}

bool UndoReport::kept_any() const {
  for (const UndoStep& s : steps)
    if (s.action == UndoStep::keep) return true;
  return false;
}

namespace {

// Where a journal entry may point: a customer note, or a People note the run
// created (a run never rewrites one, so an entry that claims so is refused).
fs::path journal_path(const fs::path& root, const Config& config, const JournalEntry& e) {
  try {
    return checked_note_path(root, config, e.path);
  } catch (const InputError&) {
    if (e.before) throw;
    try {
      return checked_person_path(root, config, e.path);
    } catch (const InputError&) {
    }
    throw;
  }
}

// The state in one transaction, after the files: the restored notes'
// memories and the run's meetings as they were before it. A finished run's
// journal stays while an edited note was left as it was (`forceable`), for
// an `undo --force` later (restoring the others again changes nothing); an
// unfinished run's is recovered once and gone.
void restore_state(StateStore& state, const std::vector<const JournalEntry*>& restored, bool forceable) {
  state.begin();
  for (const JournalEntry* e : restored) state.replace_memory(e->path, e->memory_before);
  for (const JournalMeeting& m : state.last_journal_meetings()) {
    if (m.previous_hash)
      state.set_meeting_hash(m.path, *m.previous_hash);
    else
      state.forget_meeting(m.path);
  }
  if (!forceable || state.journal_open()) state.clear_journal();
  state.commit();
}

}  // namespace

UndoReport undo_last_run(const fs::path& root, const Config& config, StateStore& state, bool dry_run,
                         bool force) {
  UndoReport report;
  // Files first, then the state in one transaction: an undo killed half way
  // finds its journal intact and the notes it already restored equal to
  // their bytes from before the run, which count as restored.
  std::vector<const JournalEntry*> restored;
  std::vector<JournalEntry> journal = state.last_journal();
  bool forceable = false;  // a note left because it was edited since
  for (const JournalEntry& e : journal) {
    fs::path path;
    try {
      path = journal_path(root, config, e);
    } catch (const InputError& error) {
      Failure why = error.failure();
      why.message += " (journal entry of the last run; left alone)";
      report.steps.push_back({UndoStep::keep, e.path, std::move(why), "", ""});
      continue;
    }
    // A note gone since is nullopt; one that cannot be read (a folder now,
    // no permission) is left, saying why.
    FileRead read = read_regular_file(path, kNoSizeLimit);
    if (read.status != FileRead::ok && read.status != FileRead::missing) {
      Failure why = read.failure(e.path);
      why.message += std::string("; ") + (dry_run ? "would be left" : "left") + " as it is";
      report.steps.push_back({UndoStep::keep, e.path, std::move(why), "", ""});
      continue;
    }
    std::optional<std::string> now;
    if (read.status == FileRead::ok) now = std::move(read.bytes);
    if (now == e.before) {
      restored.push_back(&e);
      continue;
    }
    std::optional<Failure> forced;  // restored although edited since
    std::string lost;
    if (!now || content_hash(*now) != e.after_hash) {
      // A note removed or renamed since stays so, even with --force:
      // restoring it would put it back beside its renamed copy.
      if (!now || !force) {
        forceable = forceable || now.has_value();
        report.steps.push_back(
            {UndoStep::keep, e.path,
             Failure(
                 e.path, 1,
                 std::string(now ? "edited since the last run" : "removed or renamed since the last run") +
                     "; " + (dry_run ? "would be left" : "left") + " as it is" +
                     (now ? " ('dossier undo --force' restores it anyway, losing these changes)" : "")),
             "", now ? unified_diff(e.path, *now, e.before.value_or("")) : ""});
        continue;
      }
      forced =
          Failure(e.path, 1,
                  std::string("edited since the last run; ") + (dry_run ? "would be restored" : "restored") +
                      " anyway (--force), losing these changes");
      lost = unified_diff(e.path, *now, e.before.value_or(""));
    }
    UndoStep::Action action = e.before ? UndoStep::restore : UndoStep::remove;
    if (dry_run) {
      report.steps.push_back(
          {action, e.path, forced, lost, unified_diff(e.path, *now, e.before.value_or(""))});
      continue;
    }
    // The same guarded swap a run uses: a save that lands while undo writes
    // is never replaced by the bytes from before the run.
    bool done = e.before ? replace_if_unchanged(path, now, *e.before) : remove_if_unchanged(path, *now);
    if (!done) {
      report.steps.push_back(
          {UndoStep::keep, e.path, Failure(e.path, 1, "edited while undo ran; left as it is"), "", ""});
      continue;
    }
    restored.push_back(&e);
    report.steps.push_back({action, e.path, forced, lost, ""});
  }
  if (dry_run) return report;
  restore_state(state, restored, forceable);
  return report;
}

}  // namespace dossier
