// Keeping a customer note under max_file_bytes. dossier never writes a note
// it would then refuse to read: when a merge makes a note larger than the
// limit, lines dossier wrote and the user left alone move out, oldest first,
// into a second note beside it, "<Name> (history).md": first the folded
// History callouts and Recent Context, then ticked tasks and struck lines,
// and only then the oldest decisions, facts and opportunities. Open tasks
// and the user's own lines never move. Moving them into the note's own History
// section (history.h) would not make it any smaller; the history note is
// written and undone in the same journalled run as the note.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "pipeline/merge.h"
#include "vault/customer_template.h"
#include "vault/note.h"

namespace dossier {

// The history note of a customer note: "Customers/Acme.md" ->
// "Customers/Acme (history).md". The vault index does not take it for a
// customer (vault.h).
std::string history_note_path(const std::string& note_path);

struct ShedOptions {
  size_t limit = 0;                       // max_file_bytes
  std::vector<std::string> titles;        // sections to shed from, in this order
  std::vector<std::string> newest_first;  // of those, the ones listing the newest line first; any
                                          // line of these moves, of the others only ticked or struck
                                          // ones
  std::vector<std::string> later;         // then, if still too large, any line of these, oldest first
  const TemplateShape* shape = nullptr;
};

// Lines moved out of one section, in the note's order.
struct ShedSection {
  std::string title;
  std::vector<std::string> lines;
};

// Moves lines out of `note` until it renders within `options.limit`, and
// forgets them in `memory`. Returns what moved, or nullopt (and `note`
// partly shed) when even moving every movable line leaves it too large.
std::optional<std::vector<ShedSection>> shed_lines(Note& note, NoteMemory& memory,
                                                   const ShedOptions& options);

// The history note with `moved` added under headings of the same titles;
// `existing` is its text (nullopt: a new note for `customer`).
std::string add_to_history_note(const std::optional<std::string>& existing, const std::string& path,
                                const std::string& customer, const std::vector<ShedSection>& moved);

}  // namespace dossier
