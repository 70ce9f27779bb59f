#include "pipeline/journalled_writer.h"

#include <exception>

#include "util/files.h"
#include "vault/guarded_write.h"

namespace dossier {
namespace {

// Runs `fn` in one state transaction, rolled back if it throws.
template <typename Fn>
void in_transaction(StateStore& state, Fn fn) {
  state.begin();
  try {
    fn();
    state.commit();
  } catch (...) {
    state.rollback();
    throw;
  }
}

}  // namespace

bool JournalledWriter::replace(const NoteReplacement& r, const std::function<void(StateStore&)>& on_written) {
  std::optional<JournalEntry> journalled = started_ ? state_.journal_entry(r.relative) : std::nullopt;
  in_transaction(state_, [&] {
    if (!started_) state_.begin_journal();
    state_.journal(JournalEntry{r.relative, r.before, content_hash(r.after), r.memory_before});
    for (const JournalMeeting& m : r.meetings) state_.journal_meeting(m);
  });
  started_ = true;
  bool replaced = false;
  std::exception_ptr failure;
  try {
    std::filesystem::create_directories(r.path.parent_path());
    replaced = replace_if_unchanged(r.path, r.before, r.after);
  } catch (...) {
    failure = std::current_exception();
  }
  in_transaction(state_, [&] {
    if (replaced && on_written) on_written(state_);
    if (!replaced) state_.restore_journal_entry(r.relative, journalled);
  });
  if (failure) std::rethrow_exception(failure);
  return replaced;
}

}  // namespace dossier
