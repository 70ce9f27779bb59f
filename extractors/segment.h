// Stage 1 of rule extraction: cut a meeting note into blocks (headings,
// bullets, tasks, paragraph lines, transcript turns, code) that carry their
// 1-based file line and the heading they sit under, so that later stages can
// decide what each block is without re-parsing Markdown.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vault/meeting.h"
#include "vault/transcript.h"

namespace dossier {

enum class BlockKind { heading, bullet, task, paragraph, turn, code };

std::string_view to_string(BlockKind kind);

struct Block {
  BlockKind kind = BlockKind::paragraph;
  int line = 0;           // 1-based file line where the block starts
  int end_line = 0;       // last file line of the block
  std::string text;       // raw content without list syntax, checkbox, speaker or
                          // timestamp; continuation lines are joined with '\n'
  std::string masked;     // `text` with inline `code` spans blanked (same byte
                          // length): what rules and mentions are matched on
  std::string speaker;    // transcript speaker, for turns
  std::string heading;    // title of the nearest enclosing heading ("" before any)
  int heading_level = 0;  // its level (1..6; 7 for a pseudo-heading "**Decisions:**")
  int indent = 0;         // leading columns of a bullet (tab = 4)
  bool in_code = false;   // inside a fenced code block: never an item
  bool done = false;      // a checked task "- [x]"
  // For transcript turns: (offset in `text`, file line) where each source
  // line's words start (a turn joins cues and wrapped lines with spaces).
  std::vector<std::pair<size_t, int>> pieces;

  // File line of byte `offset` of `text`.
  int line_at(size_t offset) const;
};

struct SegmentOptions {
  // True when a line starts with a rule marker ("Decision: ..."): such a line
  // is never read as a transcript turn by a speaker called "Decision".
  std::function<bool(std::string_view)> starts_with_marker;
};

// Blocks of the meeting in file order. Frontmatter is skipped (line numbers
// stay file lines). A transcript (any layout transcript.h reads, whatever the
// extension) becomes one turn block per speaker run and nothing else: its
// header lines are not paragraphs. A transcript pasted under a heading of a
// note is read the same way, the rest of the note as Markdown.
std::vector<Block> segment_meeting(const Meeting& meeting, const SegmentOptions& options = {});

// Segments raw Markdown whose first line is `first_line` (used by tests and by
// segment_meeting for each section).
std::vector<Block> segment_markdown(std::string_view text, int first_line,
                                    const SegmentOptions& options = {});
// Turn blocks of a transcript, consecutive turns of one speaker joined.
std::vector<Block> turn_blocks(const Transcript& transcript);

// `text` with every inline code span (`...`, ``...``) replaced by spaces.
std::string mask_code_spans(std::string_view text);

// Splits a paragraph or turn into sentences: [begin, end) byte ranges of
// `text`, trimmed. Breaks after . ! ? (followed by space and not inside a
// number or a common abbreviation) and at a line break unless the next line
// continues in lower case.
std::vector<std::pair<size_t, size_t>> split_sentences(std::string_view text);

// parse_turn_start (transcript.h) tells a "Name: text" line from a note line.

}  // namespace dossier
