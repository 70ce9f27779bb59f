#include "pipeline/customer_writer.h"

#include <stdexcept>

#include "pipeline/customer_template.h"
#include "pipeline/error.h"
#include "pipeline/files.h"
#include "pipeline/guarded_write.h"
#include "pipeline/note.h"
#include "pipeline/unified_diff.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Each failed attempt means the user saved the note while dossier merged;
// a person typing saves a few times a second at most.
constexpr int kMaxAttempts = 10;

struct Merged {
  std::string after;
  NoteMemory memory_before;
  NoteMemory memory;
  MergeStats stats;
};

Merged merge_text(const WriterContext& context, const CustomerWrite& write, const std::string& before) {
  Note note = parse_note(write.note_path, before, ParseLimits{context.config->max_file_bytes});
  Merged m;
  m.memory_before = context.state->memory(write.note_path);
  m.memory = m.memory_before;
  MergeOptions options{context.config->sections, context.config->dedupe_threshold, context.today};
  m.stats = merge_items(note, write.batch, m.memory, options);
  m.after = render_note(note);
  return m;
}

}  // namespace

WriteOutcome write_customer_note(const WriterContext& context, const CustomerWrite& write) {
  fs::path path = context.root / write.note_path;
  fs::path folder = context.root / context.config->customers;
  if (!is_inside(folder, path) || path.filename().string().starts_with("."))
    throw InputError(write.note_path, 1, "refusing to write outside the customers folder");
  // The customers folder itself may be a symlink out of the vault: never
  // follow it for writing (the note would land in someone else's folder).
  if (!is_inside(context.root, path))
    throw InputError(write.note_path, 1, "refusing to write outside the vault (the customers folder is a symlink)");
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    std::optional<std::string> on_disk = read_file(path);
    WriteOutcome out;
    out.created = !on_disk;
    std::string before = on_disk ? *on_disk : render_customer_template(context.template_text, write.name, context.today);
    Merged m = merge_text(context, write, before);
    out.stats = m.stats;
    if (on_disk && m.after == *on_disk) return out;
    if (context.dry_run) {
      out.diff = unified_diff(write.note_path, on_disk.value_or(""), m.after, on_disk.has_value());
      return out;
    }
    fs::create_directories(path.parent_path());
    StateStore& state = *context.state;
    // The note is written before the state commits: a crash in between
    // leaves lines the next run finds again by dedupe, never a memory of
    // lines that do not exist (which would read as user deletions).
    state.begin();
    bool replaced = false;
    try {
      if (!*context.journal_started) state.begin_journal();
      state.journal(JournalEntry{write.note_path, on_disk, content_hash(m.after), m.memory_before});
      state.update_memory(write.note_path, m.memory_before, m.memory);
      // Writes only if the note still holds `on_disk`, checked at the last
      // instant (see guarded_write.h): the user may be typing into it.
      replaced = replace_if_unchanged(path, on_disk, m.after);
      if (replaced) state.commit();
      else state.rollback();
    } catch (...) {
      state.rollback();
      throw;
    }
    if (!replaced) continue;  // the user saved meanwhile: read and merge again
    *context.journal_started = true;
    return out;
  }
  throw InputError(write.note_path, 1, "the note kept changing while dossier tried to update it; try again");
}

}  // namespace dossier
