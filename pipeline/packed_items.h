// A customer's items from one meeting, packed into bytes (util/spill.h) so
// that a run holds them on disk, not in memory, until it writes the note.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "pipeline/merge.h"

namespace dossier {

// Every field of `items` but its meeting, which the run knows by its index
// `meeting` in the run's meetings.
std::string pack_meeting_items(const MeetingItems& items, std::size_t meeting);

struct UnpackedItems {
  std::size_t meeting = 0;  // as given to pack_meeting_items
  MeetingItems items;       // its `meeting` is null: the caller points it at the meeting
};
// Throws std::runtime_error on bytes pack_meeting_items did not write.
UnpackedItems unpack_meeting_items(std::string_view bytes);

}  // namespace dossier
