// Merging extracted items into one customer note: a function from (note,
// items, memory of what dossier wrote before) to (edited note, what it wrote).
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pipeline/close_loop.h"
#include "pipeline/date_order.h"
#include "pipeline/status.h"
#include "vault/customer_template.h"
#include "vault/item.h"
#include "vault/meeting.h"
#include "vault/note.h"

namespace dossier {

// What dossier remembers about one customer note between runs (state store).
struct NoteMemory {
  // Dedupe keys of every item dossier ever added here, and "from:MEETING:KEY"
  // for each meeting that gave the item (added or merged): what the user
  // deleted is known per meeting.
  std::set<std::string> emitted_keys;
  std::set<std::string> own_lines;  // exact text (no EOL) of lines dossier wrote, as last written
};

// A meeting known under another name: renamed or moved (see rename.h).
struct MeetingRename {
  std::string from;  // the meeting's old name (file name without extension)
  std::string to;    // its new name
};

struct MergeOptions {
  std::map<std::string, std::string> sections;  // item kind (and "people") -> heading
  double dedupe_threshold = 0.75;
  std::string today;  // YYYY-MM-DD for the footer
  // An item whose line the user deleted is added again from a meeting that
  // had not given it before; false: never again (see Config::resurrect).
  bool resurrect = true;
  int recent_context_lines = 15;  // older Recent Context lines move to History (history.h)
  int history_after_days = 30;    // tasks done longer ago move to History
  // The note's template: its placeholder lines and the heading level of the
  // sections dossier owns. Null: the built-in template.
  const TemplateShape* shape = nullptr;
  // Headings in the template's order: a section missing from a note is
  // created at its place in this order (see ensure_section).
  std::vector<std::string> section_order;
  // The dates of meetings merged before (null: none known): dossier's lines
  // stay in date order (date_order.h). The batch's own meetings are known.
  const MeetingDates* meeting_dates = nullptr;
  // Meetings renamed since the note was written: the links in dossier's
  // lines follow them before the batch is merged (rename.h).
  std::vector<MeetingRename> renames;
};

// What a meeting's text reports beyond its items, read while the text is at
// hand (a run frees meeting text before merging).
struct MeetingReports {
  std::vector<ClosingReport> closing;   // next steps done, blockers resolved
  std::vector<StatusMention> statuses;  // account status changes
};
MeetingReports meeting_reports(const Meeting& meeting);

// The items of one meeting that belong to this customer.
struct MeetingItems {
  const MeetingInfo* meeting = nullptr;
  std::vector<Item> items;                      // all attributed to this customer
  std::vector<std::string> internal_attendees;  // -> Related People as [[wikilinks]]
  std::string via;                              // person for "(via PERSON)" in Recent Context
  MeetingReports reports = {};  // read from the meeting's text (meeting_reports) before it is freed
  std::string language = {};    // the meeting's language ("de"), for dedupe's stems; empty: English
  bool sole_customer = false;   // every item of the meeting that has a customer went to this one
  // The meeting was merged before with other content: lines dossier wrote
  // from it that it no longer says, and the user left alone, are retracted.
  bool revised = false;
  // The revised meeting gave this note lines before and now gives it
  // nothing: its lines there the user left alone (Recent Context included)
  // are retracted, and nothing else of the meeting applies.
  bool dropped = false;
};

// What the merge did, for the run report: one per item counted in
// MergeStats::items_added or items_merged, plus one per line a meeting
// closed (a next step reported done, a blocker reported resolved) or a new
// value struck (superseded).
struct Change {
  std::string note;     // vault-relative path of the customer note (set by the caller)
  std::string kind;     // decision, fact, ..., topic, summary, people
  std::string action;   // "added", "merged" (a duplicate of a line already there),
                        // "done" (a next step ticked), "resolved" (a blocker struck),
                        // "superseded" (an older line struck by a new value),
                        // "retracted" (a line its revised meeting no longer says)
  std::string text;     // the item as extracted (a person's name for people)
  std::string meeting;  // the meeting it came from (its note's name)
};

struct MergeStats {
  int items_added = 0;          // new lines (or new entries in the topics line)
  int items_merged = 0;         // duplicates: provenance link added, or already present
  bool changed = false;         // the note's bytes differ
  std::vector<Change> changes;  // in the order the batch was merged
};

// Merges `batch` (meetings in date order) into `note`, editing only the
// sections dossier owns plus frontmatter `last_contact` (never moved back)
// and the `*Last updated: ...*` footer (only when something else changed).
// Updates `memory` with what was written.
MergeStats merge_items(Note& note, const std::vector<MeetingItems>& batch, NoteMemory& memory,
                       const MergeOptions& options);

}  // namespace dossier
