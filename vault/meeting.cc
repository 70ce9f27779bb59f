#include "vault/meeting.h"

#include <algorithm>

#include "util/text.h"
#include "vault/date.h"
#include "vault/transcript.h"

namespace dossier {
namespace {

std::string file_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string stem(const std::string& path) {
  std::string name = file_name(path);
  size_t dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

// The YAML view gives "2025-12-19" for both quoted and plain dates; a date
// with a time ("2025-12-19T14:00") keeps only its day, and the forms people
// type ("Nov 3, 2025", "03.11.2025", "[[2025-11-03]]") are read too.
std::string frontmatter_date(const Note& note) {
  for (const char* key : {"date", "meeting_date", "created"})
    if (std::optional<std::string> v = frontmatter_string(note, key))
      if (auto date = parse_date(*v)) return date->iso();
  return "";
}

std::string first_h1(const Note& note) {
  for (const Section& s : note.sections)
    if (s.level == 1 && !s.title.empty()) return s.title;
  return "";
}

// The meeting's day: frontmatter, else the file name, else the first heading.
std::string meeting_date(const Note& note, const std::string& path) {
  if (std::string date = frontmatter_date(note); !date.empty()) return date;
  if (auto date = parse_file_name_date(stem(path))) return date->iso();
  if (auto date = parse_date(first_h1(note))) return date->iso();
  return "";
}

// The names in one attendee entry, split at commas when `split_commas`.
// Wikilinks are the names of a part that has any ("[[Jane]] (CTO) and
// [[Bob]]"); otherwise "Jane Doe (CTO)" / "Jane Doe - CTO" give the name
// that comes first.
void add_names(std::string_view entry, bool split_commas, std::vector<std::string>& out) {
  std::vector<std::string_view> parts =
      split_commas ? split_outside_parentheses(entry, ",") : std::vector<std::string_view>{entry};
  for (std::string_view part : parts) {
    part = trim(part);
    std::vector<WikiLink> links = wikilinks_of(part);
    if (links.empty()) {
      part = part.substr(0, std::min({part.find(" ("), part.find(" - "), part.find(" — ")}));
      if (std::string name = strip_wikilink(part); !name.empty()) out.push_back(name);
      continue;
    }
    for (const WikiLink& link : links)
      if (!link.name().empty()) out.emplace_back(link.name());
  }
}

// "- [[Jane Doe]] (CTO)" or "Jane Doe, Bob" lines of an Attendees section.
// A bullet is one person ("- Jane Doe, CTO at Acme"), a plain line a list.
std::vector<std::string> attendees_from_section(const Section& section) {
  std::vector<std::string> out;
  std::vector<std::string_view> lines = split_lines(section.raw);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = trim(strip_eol(lines[i]));
    if (line.empty() || line.front() == '_') continue;
    std::optional<ListItem> item = list_item_of(line);
    add_names(item ? item->text : line, !item, out);
  }
  return out;
}

// Who spoke in the transcript the note is or holds (a header's speaker list
// first), in order of appearance.
std::vector<std::string> transcript_speakers(const Note& note, const std::string& path) {
  NoteBody body = note_body(note);
  std::vector<std::string> out;
  auto add = [&out](const Transcript& t) {
    for (const std::string& s : t.listed_speakers) out.push_back(s);
    for (std::string& s : speakers_of(t.turns)) out.push_back(std::move(s));
  };
  if (auto t = read_transcript(body.text, body.first_line, file_extension(path))) {
    add(*t);
    return out;
  }
  for (const Section& section : note.sections) {
    size_t eol = section.raw.find('\n');
    if (section.level == 0 || eol == std::string::npos) continue;
    if (auto t = read_transcript(std::string_view(section.raw).substr(eol + 1), section.first_line + 1))
      add(*t);
  }
  return out;
}

}  // namespace

NoteBody note_body(const Note& note) {
  NoteBody body;
  int first_line = 0;
  for (const Section& section : note.sections) {
    if (first_line == 0 && !section.raw.empty()) first_line = section.first_line;
    body.text += section.raw;
  }
  if (first_line > 0) body.first_line = first_line;
  return body;
}

Meeting read_meeting(Note note, const std::string& vault_relative_path) {
  Meeting m;
  m.path = vault_relative_path;
  m.name = stem(vault_relative_path);
  m.date = meeting_date(note, vault_relative_path);

  if (std::optional<std::string> title = frontmatter_string(note, "title"); title && !title->empty())
    m.title = *title;
  else if (std::string h1 = first_h1(note); !h1.empty())
    m.title = h1;
  else
    m.title = m.name;

  for (const char* key : {"attendees", "participants"}) {
    for (const std::string& a : frontmatter_list(note, key)) add_names(a, true, m.attendees);
    if (!m.attendees.empty()) break;
  }
  if (m.attendees.empty())
    if (const Section* s = find_section(note, "Attendees")) m.attendees = attendees_from_section(*s);
  // Transcript speakers attended too ("zoe alvarez" and "Zoë Álvarez" are one).
  std::vector<std::string> keys;
  for (const std::string& a : m.attendees) keys.push_back(fold_name(a));
  for (std::string& speaker : transcript_speakers(note, vault_relative_path)) {
    std::string key = fold_name(speaker);
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(key);
    m.attendees.push_back(std::move(speaker));
  }
  m.note = std::move(note);
  return m;
}

}  // namespace dossier
