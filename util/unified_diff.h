// A unified diff (as `diff -u` prints it) for --dry-run.
#pragma once
#include <string>
#include <string_view>

namespace dossier {

// The diff from `before` to `after`, labelled a/<label> and b/<label>, with
// 3 lines of context; empty when they are equal. `before_exists` false shows
// the file as new (/dev/null).
std::string unified_diff(std::string_view label, std::string_view before, std::string_view after,
                         bool before_exists = true);

}  // namespace dossier
