#include "vault/section_edit.h"

#include <optional>
#include <stdexcept>

#include "util/text.h"

namespace dossier {

SectionLines::SectionLines(const Section& section) {
  for (std::string_view line : split_lines(section.raw)) lines.emplace_back(line);
  body_begin = (section.level > 0 && !lines.empty()) ? 1 : 0;
  body_end = footer_start(lines, body_begin).value_or(lines.size());
}

std::string SectionLines::joined() const {
  std::string out;
  for (const std::string& line : lines) out += line;
  return out;
}

void SectionLines::insert(size_t at, const std::vector<std::string>& added, std::string_view newline) {
  if (at > 0 && eol_of(lines[at - 1]).empty()) lines[at - 1] += newline;  // the line was the last of the file
  std::vector<std::string> block;
  for (const std::string& line : added) block.push_back(line + std::string(newline));
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), block.begin(), block.end());
}

void SectionLines::replace(size_t at, const std::vector<std::string>& added, std::string_view newline) {
  std::string eol(eol_of(lines[at]));
  std::string block;
  for (size_t i = 0; i < added.size(); ++i) {
    block += added[i];
    block += (i + 1 < added.size()) ? std::string(newline) : eol;
  }
  lines[at] = block;
}

namespace {

// A section's lines as the edits that fill template sections see them: the
// template's placeholders are no content.
struct Lines : SectionLines {
  const Placeholders* known = nullptr;

  explicit Lines(const Section& section, const Placeholders* placeholders = nullptr)
      : SectionLines(section), known(placeholders) {}

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

std::vector<std::string> section_body_lines(const Section& section) {
  SectionLines lines(section);
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
    text.insert(*text.first_body_line([](std::string_view l) { return !is_blank(l); }), lines, newline);
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

Section& ensure_section(Note& note, std::string_view title, int level,
                        const std::vector<std::string>& order) {
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
  SectionLines last(note.sections.back());
  if (at == note.sections.size() && last.body_end < last.lines.size()) {
    // The footer closes the note: it moves into the new, now last, section.
    for (size_t i = last.body_end; i < last.lines.size(); ++i) created.raw += last.lines[i];
    last.lines.resize(last.body_end);
    note.sections.back().raw = last.joined();
  } else if (at == note.sections.size() && !render_note(note).empty()) {
    // At the end: finish the last line, then leave a blank line before the heading.
    std::string& tail = note.sections.back().raw.empty() && note.frontmatter ? note.frontmatter->raw
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
