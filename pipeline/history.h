// Growth: a customer note lives for years, and after hundreds of meetings
// its Recent Context and Next Steps would hold hundreds of lines. What is
// no longer current moves, byte for byte behind a "> " callout prefix, into
// a folded callout of the note's own "## History" section: Recent Context
// keeps its newest `recent_context_lines` lines, and ticked tasks done more
// than `history_after_days` days ago leave Next Steps.
//
// A section of the same note rather than a second "(history)" note: one
// file is written atomically and undone as one, the customer folder gains
// no note that looks like another customer, and links to the note still
// reach every line. Obsidian shows the callouts folded ("[!...]-").
#pragma once
#include <string>

#include "pipeline/merge.h"
#include "vault/customer_template.h"
#include "vault/note.h"

namespace dossier {

struct HistoryOptions {
  int recent_context_lines = 15;  // 0: never move
  int history_after_days = 30;    // 0: never move done tasks
  std::string today;              // YYYY-MM-DD
  std::string context_title = "Recent Context";
  std::string next_steps_title = "Next Steps";
  const TemplateShape* shape = nullptr;
};

// Moves lines dossier wrote (and the user left alone) that are no longer
// current into History; the user's own lines stay where they are. Updates
// `memory` with the moved lines' new text. Returns whether a byte changed.
bool roll_over(Note& note, NoteMemory& memory, const HistoryOptions& options);

}  // namespace dossier
