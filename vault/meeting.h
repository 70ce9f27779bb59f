// A meeting note: the note plus what dossier needs to know about the meeting.
#pragma once
#include <string>
#include <vector>

#include "vault/markdown_line.h"
#include "vault/note.h"

namespace dossier {

// The frontmatter keys of a meeting note that name the customers it is
// about (a name or [[link]], or a list of them).
inline constexpr const char* kMeetingCustomerKeys[] = {"customer", "customers", "account", "company"};

// What a meeting is besides its text: all that the customer notes cite of
// it (provenance, Recent Context), kept for a whole run while the text is
// freed once extracted.
struct MeetingInfo {
  std::string path;  // vault-relative, '/'-separated
  std::string name;  // file name without extension: the [[wikilink]] target
  std::string date;  // YYYY-MM-DD, or empty when unknown
  std::string title;
  std::vector<std::string> attendees;  // display names, wikilink brackets removed
};

// A meeting with its text: what the extractors read.
struct Meeting : MeetingInfo {
  Note note;
};

// Date from frontmatter `date:` / `meeting_date:` / `created:` in any form
// parse_date reads, else a date in the file name, else one in the first H1;
// title from frontmatter `title:`, the first `#` heading, or the file name;
// attendees from frontmatter `attendees:` / `participants:` or an
// "Attendees" section (bullets or a comma-separated line), then the speakers
// of a transcript (transcript.h) not among them.
Meeting read_meeting(Note note, const std::string& vault_relative_path);

// The note's text after its frontmatter (its sections, concatenated), and
// the file line it starts on (1 when it is empty).
struct NoteBody {
  std::string text;
  int first_line = 1;
};
NoteBody note_body(const Note& note);

}  // namespace dossier
