// Putting customer notes back as they were before the last run: what
// `dossier undo` does, and what a run does first when it finds the journal
// of a run that never finished (killed, or a disk full at its last commit),
// so that recovering gives exactly the result of one uninterrupted run.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/state.h"
#include "util/error.h"
#include "vault/config.h"

namespace dossier {

// What undo did (or, in a dry run, would do) to one note of the journal.
struct UndoStep {
  enum Action { restore, remove, keep };
  Action action = keep;
  std::string path;  // vault-relative
  // keep: why the note is left as it is; restore with --force: that it was
  // edited since the run. Unset otherwise.
  std::optional<Failure> why;
  std::string lost;  // restore with --force: the user's changes it loses, as a diff
  std::string diff;  // dry run: the change undo would make; keep: what restoring would lose
  // What is printed for the step: "path:line: why", followed by ":" and the
  // lost changes on the lines below when there are any; "" without a `why`.
  std::string message() const;
};

struct UndoReport {
  std::vector<UndoStep> steps;  // in journal order; notes already as before the run are not listed
  bool kept_any() const;
};

// Restores every note of the last run's journal that still holds what the
// run wrote (a note the user edited since stays as it is, and is listed in
// `kept`), with dossier's memory of it, and sets the run's meetings back to
// their state before it so that the next run processes them again. Journal
// paths are checked to lie in the customers folder (or, for a People note
// the run created, the people folder): the journal is data anyone with the
// vault can edit. A dry run changes nothing. `force` restores edited notes
// too (not removed or renamed ones), saying what that loses.
UndoReport undo_last_run(const std::filesystem::path& root, const Config& config, StateStore& state,
                         bool dry_run, bool force = false);

}  // namespace dossier
