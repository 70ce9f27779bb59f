// The Markdown line grammar dossier relies on, in one place: each rule
// follows CommonMark where it applies, and every reader of notes (the note
// model, the segmenter, the merge) asks here rather than keeping its own copy.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace dossier {

// A fenced code block's opening run: ``` or ~~~, three or more.
struct Fence {
  char marker = 0;  // '`' or '~'
  size_t length = 0;
};

// The fence `line` opens, if any. Indentation is allowed at any depth, so
// that code blocks nested in list items count too. A backtick run followed
// by another backtick on the line ("```x``` inline") is inline code, not a
// fence (CommonMark: the info string of a backtick fence has no backtick).
std::optional<Fence> fence_of(std::string_view line);

// Whether `line` closes `open`: the same marker, at least as many, and
// nothing else on the line.
bool closes_fence(std::string_view line, const Fence& open);

// For each line, whether it belongs to a fenced code block (its fences
// included). A fence left open runs to the end.
std::vector<bool> fenced_lines(const std::vector<std::string_view>& lines);

}  // namespace dossier
