#include "vault/section_edit.h"

#include <optional>
#include <stdexcept>

#include "util/text.h"

namespace dossier {

namespace {

bool is_blank(std::string_view line) { return trim(line).empty(); }

// A section's raw text as owned lines, each with its own line ending.
struct Lines {
  const Placeholders* known = nullptr;
  std::vector<std::string> lines;
  size_t body_begin = 0;  // 1 when line 0 is the heading
  size_t body_end = 0;    // the footer rule, or the end

  explicit Lines(const Section& section, const Placeholders* placeholders = nullptr) : known(placeholders) {
    for (std::string_view line : split_lines(section.raw)) lines.emplace_back(line);
    body_begin = (section.level > 0 && !lines.empty()) ? 1 : 0;
    body_end = footer_start().value_or(lines.size());
  }

  // The "---" rule of a "---" + "*Last updated..." footer, if this text holds one.
  std::optional<size_t> footer_start() const {
    std::optional<size_t> last_updated;
    for (size_t i = lines.size(); i-- > body_begin;) {
      std::string_view content = trim(lines[i]);
      if (!last_updated && content.substr(0, 13) == "*Last updated") last_updated = i;
      if (last_updated && i < *last_updated && content == "---") return i;
    }
    return std::nullopt;
  }

  std::string joined() const {
    std::string out;
    for (const std::string& line : lines) out += line;
    return out;
  }

  // Inserts `added` (without endings) before line `at`, ending each with `newline`.
  void insert(size_t at, const std::vector<std::string>& added, std::string_view newline) {
    if (at > 0 && strip_eol(lines[at - 1]).size() == lines[at - 1].size()) {
      lines[at - 1] += newline;  // the line was the last of the file
    }
    std::vector<std::string> block;
    for (const std::string& line : added) block.push_back(line + std::string(newline));
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), block.begin(), block.end());
  }

  // Replaces line `at` by `added`; the last new line keeps the old line's ending.
  void replace(size_t at, const std::vector<std::string>& added, std::string_view newline) {
    std::string eol = lines[at].substr(strip_eol(lines[at]).size());
    std::string block;
    for (size_t i = 0; i < added.size(); ++i) {
      block += added[i];
      block += (i + 1 < added.size()) ? std::string(newline) : eol;
    }
    lines[at] = block;
  }

  bool is_placeholder(std::string_view line) const { return known && is_placeholder_line(line, *known); }
  bool is_content(std::string_view line) const { return !is_blank(line) && !is_placeholder(line); }

  template <typename Wanted>
  std::optional<size_t> first_body_line(Wanted wanted) const {
    for (size_t i = body_begin; i < body_end; ++i) {
      if (wanted(lines[i])) return i;
    }
    return std::nullopt;
  }

  template <typename Wanted>
  std::optional<size_t> last_body_line(Wanted wanted) const {
    for (size_t i = body_end; i-- > body_begin;) {
      if (wanted(lines[i])) return i;
    }
    return std::nullopt;
  }

  // No real content: replace the first placeholder, or put the lines among the
  // blank lines so that one blank line stays on each side of them.
  void fill_empty_body(const std::vector<std::string>& added, std::string_view newline) {
    if (auto placeholder = first_body_line([&](std::string_view l) { return is_placeholder(l); })) {
      replace(*placeholder, added, newline);
      return;
    }
    size_t blanks = body_end - body_begin;
    if (blanks == 0) {
      insert(body_begin, added, newline);
      return;
    }
    insert(body_begin + 1, added, newline);
    if (blanks == 1) {
      auto after = lines.begin() + static_cast<std::ptrdiff_t>(body_begin + 1 + added.size());
      lines.insert(after, std::string(newline));
    }
  }
};

}  // namespace

bool is_placeholder_line(std::string_view line) {
  std::string_view content = trim(line);
  if (content.size() < 3 || content.front() != '_' || content.back() != '_') return false;
  // "_a_ and _b_" is two italic runs with text between, not one placeholder.
  std::string_view inner = content.substr(1, content.size() - 2);
  // "___" is a thematic break, not text.
  return inner.find("_ ") == std::string_view::npos && inner.find(" _") == std::string_view::npos &&
         inner.find_first_not_of('_') != std::string_view::npos;
}

bool is_placeholder_line(std::string_view line, const Placeholders& known) {
  return is_placeholder_line(line) && known.count(trim(line)) > 0;
}

std::vector<std::string> section_body_lines(const Section& section) {
  Lines lines(section);
  std::vector<std::string> body;
  for (size_t i = lines.body_begin; i < lines.lines.size(); ++i) {
    body.emplace_back(strip_eol(lines.lines[i]));
  }
  return body;
}

void append_lines(Section& section, const std::vector<std::string>& lines, std::string_view newline,
                  const Placeholders& known) {
  if (lines.empty()) return;
  Lines text(section, &known);
  if (auto last = text.last_body_line([&](std::string_view l) { return text.is_content(l); })) {
    text.insert(*last + 1, lines, newline);
  } else {
    text.fill_empty_body(lines, newline);
  }
  section.raw = text.joined();
}

void prepend_lines(Section& section, const std::vector<std::string>& lines, std::string_view newline,
                   const Placeholders& known) {
  if (lines.empty()) return;
  Lines text(section, &known);
  if (text.first_body_line([&](std::string_view l) { return text.is_content(l); })) {
    text.insert(*text.first_body_line([](std::string_view l) { return !is_blank(l); }), lines,
                newline);
  } else {
    text.fill_empty_body(lines, newline);
  }
  section.raw = text.joined();
}

namespace {

// The index of the first section of `note` that `order` puts after `title`,
// or none when `order` does not list `title` or no later one is in the note.
std::optional<size_t> place_in_order(const Note& note, std::string_view title, int level,
                                     const std::vector<std::string>& order) {
  auto rank = [&](std::string_view t) -> std::optional<size_t> {
    for (size_t i = 0; i < order.size(); ++i)
      if (iequals(trim(order[i]), trim(t))) return i;
    return std::nullopt;
  };
  std::optional<size_t> own = rank(title);
  if (!own) return std::nullopt;
  for (size_t i = 1; i < note.sections.size(); ++i) {
    if (note.sections[i].level != level) continue;
    std::optional<size_t> r = rank(note.sections[i].title);
    if (r && *r > *own) return i;
  }
  return std::nullopt;
}

}  // namespace

Section& ensure_section(Note& note, std::string_view title, int level, const std::vector<std::string>& order) {
  if (Section* existing = find_section(note, title, level)) return *existing;
  Section created{level, std::string(trim(title)),
                  std::string(static_cast<size_t>(level), '#') + " " + std::string(trim(title)) +
                      note.newline + note.newline,
                  0};
  size_t at = note.sections.size();
  if (std::optional<size_t> placed = place_in_order(note, title, level, order)) {
    at = *placed;
  } else {
    for (size_t i = 1; i < note.sections.size(); ++i) {
      if (note.sections[i].level == level && iequals(note.sections[i].title, "Related People")) {
        at = i;
        break;
      }
    }
  }
  Lines last(note.sections.back());
  if (at == note.sections.size() && last.body_end < last.lines.size()) {
    // The footer closes the note: it moves into the new, now last, section.
    for (size_t i = last.body_end; i < last.lines.size(); ++i) created.raw += last.lines[i];
    last.lines.resize(last.body_end);
    note.sections.back().raw = last.joined();
  } else if (at == note.sections.size() && !render_note(note).empty()) {
    // At the end: finish the last line, then leave a blank line before the heading.
    std::string& tail = note.sections.back().raw.empty() && note.frontmatter
                            ? note.frontmatter->raw
                            : note.sections.back().raw;
    std::string all = render_note(note);
    if (all.back() != '\n') {
      tail += note.newline;
      all += note.newline;
    }
    if (strip_eol(split_lines(all).back()).size() > 0) note.sections.back().raw += note.newline;
  }
  note.sections.insert(note.sections.begin() + static_cast<std::ptrdiff_t>(at), created);
  renumber_sections(note);
  return note.sections[at];
}

}  // namespace dossier
