#include "extractors/segment.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "extractors/segment_table.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/markdown_line.h"
#include "vault/transcript.h"

namespace dossier {

std::string_view to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::heading:
      return "heading";
    case BlockKind::bullet:
      return "bullet";
    case BlockKind::task:
      return "task";
    case BlockKind::paragraph:
      return "paragraph";
    case BlockKind::turn:
      return "turn";
    case BlockKind::code:
      return "code";
  }
  return "paragraph";
}

std::string mask_code_spans(std::string_view text) {
  std::string out(text);
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '`') {
      ++i;
      continue;
    }
    size_t run = text.find_first_not_of('`', i);
    if (run == std::string_view::npos) break;
    size_t ticks = run - i;
    // The span closes at the next run of exactly `ticks` backticks.
    size_t j = run;
    size_t close = std::string_view::npos;
    while ((j = text.find('`', j)) != std::string_view::npos) {
      size_t end = text.find_first_not_of('`', j);
      if (end == std::string_view::npos) end = text.size();
      if (end - j == ticks) {
        close = end;
        break;
      }
      j = end;
    }
    if (close == std::string_view::npos) {
      i = run;  // an unmatched opener is literal text
      continue;
    }
    for (size_t k = i; k < close; ++k)
      if (out[k] != '\n') out[k] = ' ';
    i = close;
  }
  return out;
}

namespace {

// A short line that only labels what follows: "**Decisions**", "**Next steps:**", "Risks:".
std::optional<std::string_view> pseudo_heading(std::string_view trimmed) {
  std::string_view t = trimmed;
  bool bold = t.size() > 4 && (t.substr(0, 2) == "**" || t.substr(0, 2) == "__");
  if (bold) {
    std::string_view mark = t.substr(0, 2);
    if (t.back() == ':') t.remove_suffix(1);
    if (t.size() <= 4 || t.substr(t.size() - 2) != mark) return std::nullopt;
    t = trim(t.substr(2, t.size() - 4));
    if (!t.empty() && t.back() == ':') t.remove_suffix(1);
  } else {
    if (t.size() < 2 || t.back() != ':') return std::nullopt;
    t.remove_suffix(1);
  }
  t = trim(t);
  if (t.empty() || t.size() > 40) return std::nullopt;
  if (t.find_first_of("*_`[]:.!?") != std::string_view::npos) return std::nullopt;
  if (std::count(t.begin(), t.end(), ' ') > 4) return std::nullopt;
  return t;
}

struct Segmenter {
  explicit Segmenter(const SegmentOptions& o) : options(o) {}
  const SegmentOptions& options;
  std::vector<Block> blocks{};
  std::string atx_title{};
  int atx_level_now = 0;
  bool pseudo_active = false;  // under a "Risks:" label line
  std::string pseudo_title{};
  bool blank_before = true;      // a blank line (or the start) precedes this line
  std::optional<Fence> fence{};  // the open fence, none when not in code
  Block code{};
  std::optional<TableLayout> table{};  // inside a table of actions / decisions / risks
  bool in_callout = false;             // inside a "> [!type]" callout that set a pseudo-heading

  void set_heading(Block& b) const {
    b.heading = pseudo_active ? pseudo_title : atx_title;
    b.heading_level = pseudo_active ? 7 : atx_level_now;
  }

  Block make(BlockKind kind, int line, std::string_view text) const {
    Block b;
    b.kind = kind;
    b.line = b.end_line = line;
    b.text = std::string(text);
    set_heading(b);
    return b;
  }

  void push(Block b) {
    b.masked = mask_code_spans(b.text);
    blocks.push_back(std::move(b));
  }

  // Appends a continuation line to the last block.
  void extend(std::string_view text, int line) {
    Block& b = blocks.back();
    b.text += '\n';
    b.text += text;
    b.masked = mask_code_spans(b.text);
    b.end_line = line;
  }

  bool last_is(std::initializer_list<BlockKind> kinds) const {
    if (blocks.empty()) return false;
    return std::find(kinds.begin(), kinds.end(), blocks.back().kind) != kinds.end();
  }

  void add_line(std::string_view raw, int line);
  void add_text_line(std::string_view text, int indent, int line);
  bool add_callout_header(std::string_view trimmed, int line);
  void add_table_row(std::string_view text, int line);
  void end_table() {
    if (table) pseudo_active = false;
    table.reset();
  }
};

// "[!decision]", "[!todo]-", "[!important] Decision": the callout is read like
// a section whose heading is its title when that is a short label, else its
// type; a longer title is the first line of its text. False if not a callout.
bool Segmenter::add_callout_header(std::string_view trimmed, int line) {
  if (trimmed.substr(0, 2) != "[!") return false;
  size_t close = trimmed.find(']');
  if (close == std::string_view::npos) return false;
  std::string_view type = trimmed.substr(2, close - 2);
  std::string_view title = trim(trimmed.substr(close + 1));
  if (!title.empty() && (title[0] == '+' || title[0] == '-')) title = trim(title.substr(1));
  bool label = !title.empty() && title.size() <= 40 && std::count(title.begin(), title.end(), ' ') < 4 &&
               title.find_first_of(".!?") == std::string_view::npos;
  in_callout = pseudo_active = true;
  pseudo_title = std::string(label ? title : type);
  push(make(BlockKind::heading, line, pseudo_title));
  blank_before = false;  // the callout's lines belong to it
  if (!label && !title.empty()) add_text_line(title, 0, line);
  return true;
}

// A row of a table: the header row of a table of items turns into a
// pseudo-heading (seen at its separator row), its rows into bullets; rows of
// other tables stay paragraphs.
void Segmenter::add_table_row(std::string_view text, int line) {
  if (is_table_separator(text)) {
    if (!table && last_is({BlockKind::paragraph}) && blocks.back().end_line == line - 1 &&
        blocks.back().text[0] == '|')
      if (auto layout = table_layout(blocks.back().text)) {
        Block header = std::move(blocks.back());
        blocks.pop_back();
        table = layout;
        pseudo_active = true;
        pseudo_title = layout->heading;
        push(make(BlockKind::heading, header.line, pseudo_title));
      }
    return;
  }
  if (!table) {
    push(make(BlockKind::paragraph, line, text));
    return;
  }
  std::string item = table_row_text(*table, table_cells(text));
  if (!item.empty()) push(make(BlockKind::bullet, line, item));
}

void Segmenter::add_line(std::string_view raw, int line) {
  std::string_view content = strip_eol(raw);
  std::string_view trimmed = trim(content);
  if (fence) {  // inside a fenced code block
    if (closes_fence(trimmed, *fence)) {
      code.end_line = line;
      fence.reset();
      push(std::move(code));
      blank_before = true;
    } else {
      code.text += std::string(content) + "\n";
      code.end_line = line;
    }
    return;
  }
  if ((fence = fence_of(trimmed))) {
    code = make(BlockKind::code, line, "");
    code.in_code = true;
    return;
  }
  if (trimmed.empty() || is_thematic_break(trimmed)) {
    blank_before = true;
    end_table();
    return;
  }
  if (trimmed[0] != '>' && in_callout) in_callout = pseudo_active = false;
  if (std::optional<Heading> heading = heading_of(content)) {
    atx_title = std::string(heading->title);
    atx_level_now = heading->level;
    pseudo_active = false;
    push(make(BlockKind::heading, line, heading->title));
    blank_before = true;
    return;
  }
  // Quotes and callouts: read what is inside the '>' markers.
  if (trimmed[0] == '>') {
    size_t i = trimmed.find_first_not_of("> \t");
    if (i == std::string_view::npos) {
      blank_before = true;
      return;
    }
    trimmed = trimmed.substr(i);
    if (add_callout_header(trimmed, line)) return;
  }
  add_text_line(trimmed, indent_columns(content), line);
}

void Segmenter::add_text_line(std::string_view text, int indent, int line) {
  bool after_blank = blank_before;
  blank_before = false;
  if (std::optional<ListItem> item =
          list_item_of(text, last_is({BlockKind::bullet, BlockKind::task}), indent)) {
    if (!item->is_task() && item->text.empty()) return;
    Block b = make(item->is_task() ? BlockKind::task : BlockKind::bullet, line, item->text);
    b.indent = indent;
    b.done = item->is_task() && !item->is_open_task();  // any state but open is nothing left to do
    push(std::move(b));
    return;
  }
  // A line after a bullet, indented under it, continues the bullet.
  if (!after_blank && indent >= 2 && last_is({BlockKind::bullet, BlockKind::task})) {
    extend(text, line);
    return;
  }
  if (after_blank && pseudo_active) pseudo_active = false;  // a new paragraph ends "Risks:" lists
  if (auto label = pseudo_heading(text)) {
    pseudo_active = true;
    pseudo_title = std::string(*label);
    push(make(BlockKind::heading, line, *label));
    return;
  }
  bool marker = options.starts_with_marker && options.starts_with_marker(text);
  if (!marker) {
    if (auto turn = parse_turn_start(text)) {
      Block b = make(BlockKind::turn, line, trim(text.substr(turn->text_offset)));
      b.speaker = turn->speaker;
      push(std::move(b));
      return;
    }
  }
  if (!after_blank && !marker && last_is({BlockKind::turn})) {
    extend(text, line);
    return;
  }
  if (!after_blank && last_is({BlockKind::paragraph}) && starts_lower(text)) {
    extend(text, line);
    return;
  }
  if (text[0] == '|') {
    add_table_row(text, line);
    return;
  }
  end_table();
  push(make(BlockKind::paragraph, line, text));
}

}  // namespace

std::vector<Block> segment_markdown(std::string_view text, int first_line, const SegmentOptions& options) {
  Segmenter s(options);
  int line = first_line;
  for (std::string_view raw : split_lines(text)) s.add_line(raw, line++);
  if (s.fence) s.push(std::move(s.code));  // unterminated fence runs to the end
  return std::move(s.blocks);
}

int Block::line_at(size_t offset) const {
  // A block on one line (however long, and however many sentences and
  // mentions ask) costs nothing to count in.
  if (end_line <= line) return line;
  if (!pieces.empty()) return line_in_pieces(pieces, offset, line);
  return line + static_cast<int>(std::count(
                    text.begin(), text.begin() + static_cast<long>(std::min(offset, text.size())), '\n'));
}

namespace {

// "Décision : ...", "Risque : ..." lines are labelled notes, not people talking.
bool is_talk(const Transcript& transcript, const SegmentOptions& options) {
  if (!options.starts_with_marker) return true;
  return std::none_of(transcript.turns.begin(), transcript.turns.end(), [&](const Turn& t) {
    return !t.speaker.empty() && options.starts_with_marker(t.speaker + ": x");
  });
}

// A note whose sections hold a pasted transcript: those sections become turns
// under their heading, the others Markdown. Empty when no section is one.
std::vector<Block> segment_sections(const Note& note, const SegmentOptions& options) {
  std::vector<Block> blocks;
  bool any = false;
  for (const Section& section : note.sections) {
    if (section.raw.empty()) continue;
    std::optional<Transcript> transcript;
    if (section.level > 0) {
      size_t eol = section.raw.find('\n');
      if (eol != std::string::npos)
        transcript = read_transcript(std::string_view(section.raw).substr(eol + 1), section.first_line + 1);
      if (transcript && is_talk(*transcript, options)) {
        any = true;
        std::vector<Block> head =
            segment_markdown(section.raw.substr(0, eol + 1), section.first_line, options);
        std::vector<Block> turns = turn_blocks(*transcript);
        for (Block& b : turns) {
          b.heading = section.title;
          b.heading_level = section.level;
        }
        blocks.insert(blocks.end(), head.begin(), head.end());
        blocks.insert(blocks.end(), turns.begin(), turns.end());
        continue;
      }
    }
    std::vector<Block> part = segment_markdown(section.raw, section.first_line, options);
    blocks.insert(blocks.end(), part.begin(), part.end());
  }
  if (!any) blocks.clear();
  return blocks;
}

}  // namespace

std::vector<Block> segment_meeting(const Meeting& meeting, const SegmentOptions& options) {
  const Note& note = meeting.note;
  NoteBody body = note_body(note);
  if (auto transcript = read_transcript(body.text, body.first_line, file_extension(meeting.path)))
    if (is_talk(*transcript, options)) return turn_blocks(*transcript);
  if (std::vector<Block> blocks = segment_sections(note, options); !blocks.empty()) return blocks;
  // Sections are consecutive, so the concatenation keeps heading tracking across them.
  return segment_markdown(body.text, body.first_line, options);
}

}  // namespace dossier
