// Surgical frontmatter edits: only the lines of the edited key change; other
// keys, their order, quoting, comments and blank lines stay as they were.
#pragma once
#include <string_view>

#include "vault/note.h"

namespace dossier {

// Sets top-level `key` to `yaml_value` (already YAML-formatted, e.g. "'2025-12-19'"
// or "true"). Replaces the key's line(s), including an indented or block-list
// continuation, keeping a trailing comment on the key line; appends
// "key: value" before the closing "---" if the key is absent; creates a
// frontmatter block if the note has none. Re-parses `data`. Returns false,
// leaving the note as it was, when the edited frontmatter would not read back
// as one YAML map holding the new value and every other key unchanged (a
// frontmatter written as one flow map "{a: b}", or indented as a whole).
// Throws InputError when `yaml_value` is not YAML.
bool set_frontmatter_value(Note& note, std::string_view key, std::string_view yaml_value);

// The file line of the frontmatter's top-level `key:`, or 0 when it has none
// (or the note no frontmatter): where a value read from it is reported.
int frontmatter_key_line(const Note& note, std::string_view key);

// The file line of the first frontmatter line at or after file line
// `from_line` that holds `text`, or 0.
int frontmatter_text_line(const Note& note, std::string_view text, int from_line = 0);

// Quotes `s` as a YAML single-quoted scalar when needed, else returns it as is.
std::string yaml_scalar(std::string_view s);

}  // namespace dossier
