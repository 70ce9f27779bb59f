// A meeting renamed or moved without the links to it being updated (a file
// manager, a script, a sync tool): the lines dossier wrote from it follow
// the new name, and so does dossier's memory of what the meeting gave.
#pragma once
#include <string>
#include <string_view>

#include "pipeline/merge.h"  // NoteMemory, MeetingRename
#include "vault/note.h"

namespace dossier {

// `line` with every link to `from` ("[[from]]", "[[from|alias]]",
// "[[folder/from#heading]]", any case) made a link to `to`, its alias or
// heading kept; the rest of the line byte for byte.
std::string renamed_links(std::string_view line, const MeetingRename& rename);

// In the lines dossier wrote (those in `memory.own_lines`), links to the
// meeting's old name become links to the new one; the user's lines are left
// as they are. The memory follows: the rewritten lines, and the items and
// summary the meeting gave (what the user deleted stays deleted under the
// new name). Returns whether the note changed.
bool rename_meeting_links(Note& note, NoteMemory& memory, const MeetingRename& rename);

}  // namespace dossier
