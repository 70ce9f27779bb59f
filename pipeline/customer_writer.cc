#include "pipeline/customer_writer.h"

#include <stdexcept>

#include "vault/customer_template.h"
#include "util/error.h"
#include "util/files.h"
#include "vault/guarded_write.h"
#include "vault/note.h"
#include "util/unified_diff.h"

namespace fs = std::filesystem;

namespace dossier {
namespace {

// Each failed attempt means the user saved the note while dossier merged;
// a person typing saves a few times a second at most.
constexpr int kMaxAttempts = 10;

// Notes are written only inside the customers folder, and never through a
// customers folder that is a symlink out of the vault.
fs::path checked_note_path(const WriterContext& context, const CustomerWrite& write) {
  fs::path path = context.root / write.note_path;
  fs::path folder = context.root / context.config->customers;
  if (!is_inside(folder, path) || path.filename().string().starts_with("."))
    throw InputError(write.note_path, 1, "refusing to write outside the customers folder");
  if (!is_inside(context.root, path))
    throw InputError(write.note_path, 1, "refusing to write outside the vault (the customers folder is a symlink)");
  return path;
}

}  // namespace

PreparedWrite prepare_customer_note(const WriterContext& context, const CustomerWrite& write, NoteMemory memory) {
  fs::path path = checked_note_path(context, write);
  PreparedWrite p;
  p.on_disk = read_file(path);
  std::string before =
      p.on_disk ? *p.on_disk
                : remap_template_sections(render_customer_template(context.template_text, write.name, context.today),
                                          context.config->sections);
  Note note = parse_note(write.note_path, before, ParseLimits{context.config->max_file_bytes});
  p.memory_before = memory;
  p.memory = std::move(memory);
  MergeOptions options{context.config->sections, context.config->dedupe_threshold, context.today,
                       context.section_order};
  p.stats = merge_items(note, write.batch, p.memory, options);
  p.after = render_note(note);
  return p;
}

WriteOutcome commit_customer_note(const WriterContext& context, const CustomerWrite& write, PreparedWrite p) {
  fs::path path = checked_note_path(context, write);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    if (attempt > 0) p = prepare_customer_note(context, write, context.state->memory(write.note_path));
    WriteOutcome out;
    out.created = !p.on_disk;
    out.stats = p.stats;
    if (p.on_disk && p.after == *p.on_disk) return out;
    if (context.dry_run) {
      out.diff = unified_diff(write.note_path, p.on_disk.value_or(""), p.after, p.on_disk.has_value());
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
      state.journal(JournalEntry{write.note_path, p.on_disk, content_hash(p.after), p.memory_before});
      state.update_memory(write.note_path, p.memory_before, p.memory);
      // Writes only if the note still holds what was read, checked at the
      // last instant (see guarded_write.h): the user may be typing into it.
      replaced = replace_if_unchanged(path, p.on_disk, p.after);
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
