// `dossier undo`: puts back what the last run changed.
#include <iostream>

#include "cli/commands.h"
#include "pipeline/state.h"
#include "pipeline/undo.h"
#include "vault/lock.h"

namespace fs = std::filesystem;

namespace dossier {

int command_undo(const CommandLine& cl) {
  fs::path root = cl.vault;
  refuse_foreign_root(cl, root);
  // For the customers folder: every journal path must lie in it.
  Config config = load_config(cl.config, cl.config_given);
  std::optional<VaultLock> lock = VaultLock::acquire(root / ".dossier", cl.wait);
  if (!lock) {
    std::cerr << "dossier: " << display_path(root) << " is locked by another dossier run; try again later\n";
    return kExitLocked;
  }
  StateStore state(root / ".dossier");
  if (state.last_journal().empty()) {
    if (!cl.quiet) std::cout << "nothing to undo\n";
    return kExitOk;
  }
  UndoReport undo = undo_last_run(root, config, state, cl.dry_run, cl.force);
  for (const UndoStep& step : undo.steps) {
    if (step.why) std::cerr << step.message() << "\n";
    if (step.action == UndoStep::keep) {
      if (!step.diff.empty()) std::cerr << step.diff;
    } else if (cl.dry_run) {
      std::cout << (step.action == UndoStep::restore ? "would restore " : "would remove ") << step.path
                << "\n"
                << step.diff;
    } else if (!cl.quiet) {
      std::cout << (step.action == UndoStep::restore ? "restored " : "removed ") << step.path << "\n";
    }
  }
  return undo.kept_any() ? kExitSomeFailed : kExitOk;
}

}  // namespace dossier
