// The JSON printed by `dossier extract` (shape in ../shared/spec/cli-json.md).
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "vault/item.h"
#include "vault/meeting.h"

namespace dossier {

// {"meeting": {"path", "date", "title", "attendees"}, "customers": [...],
//  "items": [{"kind", "text", "customer" (null when none), "line", "extractor",
//             "speaker" (null when not from a transcript), "due" (null when none)}],
//  "dropped": [{"text", "line", "reason"}]}  (what the noise stage kept out)
nlohmann::ordered_json extraction_to_json(const Meeting& meeting, const Extraction& extraction);

}  // namespace dossier
