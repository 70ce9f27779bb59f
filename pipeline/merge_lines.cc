#include "pipeline/merge_lines.h"

#include "pipeline/dedupe.h"
#include "vault/markdown_line.h"
#include "vault/section_edit.h"
#include "util/text.h"

namespace dossier {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view without_prefix(std::string_view text, std::string_view prefix) {
  return text.starts_with(prefix) ? trim(text.substr(prefix.size())) : text;
}

std::string eol_of(std::string_view line) {
  return std::string(line.substr(strip_eol(line).size()));
}

// The section's raw lines, each with its own ending, and where the body starts.
struct RawLines {
  std::vector<std::string> lines;
  size_t body_begin = 0;

  explicit RawLines(const Section& section) {
    for (std::string_view line : split_lines(section.raw)) lines.emplace_back(line);
    body_begin = (section.level > 0 && !lines.empty()) ? 1 : 0;
  }

  std::string joined() const {
    std::string out;
    for (const std::string& line : lines) out += line;
    return out;
  }
};

constexpr std::string_view kLastUpdated = "*Last updated";

}  // namespace

std::string link_target(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool line_separator = c == 0xE2 && name.substr(i, 3) >= "\xE2\x80\xA8" && name.substr(i, 3) <= "\xE2\x80\xA9";
    if (line_separator) i += 2;
    out += (c < 0x20 || c == 0x7F || line_separator || std::string_view("[]|#^").find(static_cast<char>(c)) !=
                                                              std::string_view::npos)
               ? ' '
               : static_cast<char>(c);
  }
  return collapse_spaces(out);
}

std::string meeting_link(std::string_view meeting_name) { return "[[" + link_target(meeting_name) + "]]"; }

std::string item_line(ItemKind kind, std::string_view text, std::string_view meeting_name) {
  std::string body = collapse_spaces(text);
  std::string line = "- ";
  switch (kind) {
    case ItemKind::decision:
      line += "✅ " + std::string(without_prefix(body, "✅"));
      break;
    case ItemKind::opportunity:
      line += starts_with_icase(body, "signal:") ? body : "Signal: " + body;
      break;
    case ItemKind::next_step:
      line += "[ ] " + std::string(without_prefix(body, "[ ]"));
      break;
    default:
      line += body;
  }
  return line + " (" + meeting_link(meeting_name) + ")";
}

std::string item_line(const Item& item, std::string_view meeting_name) {
  if (item.kind != ItemKind::next_step) return item_line(item.kind, item.text, meeting_name);
  if (item.theirs) return "- " + collapse_spaces(item.text) + " (" + meeting_link(meeting_name) + ")";
  std::string line = item_line(item.kind, item.text, meeting_name);
  if (!item.due.empty()) line += " \xF0\x9F\x93\x85 " + item.due;
  return line;
}

std::string recent_context_line(std::string_view date, std::string_view meeting_name,
                                std::string_view summary, std::string_view via) {
  std::string line = "- ";
  if (!date.empty()) line += std::string(date) + ": ";
  line += meeting_link(meeting_name) + " - " + collapse_spaces(summary);
  std::string person = link_target(via);
  if (!person.empty()) line += " (via " + person + ")";
  return line;
}

std::vector<std::string> wikilink_targets(std::string_view line) {
  std::vector<std::string> targets;
  for (size_t open = line.find("[["); open != std::string_view::npos;
       open = line.find("[[", open + 2)) {
    size_t close = line.find("]]", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view target = line.substr(open + 2, close - open - 2);
    target = target.substr(0, target.find_first_of("|#"));
    size_t slash = target.find_last_of('/');
    if (slash != std::string_view::npos) target = target.substr(slash + 1);
    targets.push_back(casefold(trim(target)));
    open = close;
  }
  return targets;
}

bool links_to(std::string_view line, std::string_view meeting_name) {
  if (line.find("[[") == std::string_view::npos) return false;
  std::string wanted = casefold(trim(link_target(meeting_name)));
  for (const std::string& target : wikilink_targets(line)) {
    if (target == wanted) return true;
  }
  return false;
}

namespace {

std::string_view rstrip_blanks(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Where the Obsidian Tasks fields at the end of a line start (" 📅 2026-01-09",
// "✅ 2026-01-12"); the line's size when it has none. Tasks reads them only
// at the end of the line, so provenance goes before them.
size_t task_fields_start(std::string_view s) {
  static constexpr std::string_view kFieldEmoji[] = {"\xF0\x9F\x93\x85", "\xE2\x8F\xB3", "\xF0\x9F\x9B\xAB",
                                                     "\xE2\x9E\x95", "\xE2\x9C\x85", "\xE2\x9D\x8C"};
  size_t end = s.size();
  while (true) {
    std::string_view head = rstrip_blanks(s.substr(0, end));
    if (head.size() < 11 || !is_iso_date(head.substr(head.size() - 10))) break;
    std::string_view before = rstrip_blanks(head.substr(0, head.size() - 10));
    bool field = false;
    for (std::string_view emoji : kFieldEmoji) {
      if (before.ends_with(emoji)) {
        end = rstrip_blanks(before.substr(0, before.size() - emoji.size())).size();
        field = true;
        break;
      }
    }
    if (!field) break;
  }
  return end;
}

}  // namespace

std::string add_provenance(std::string_view line, std::string_view meeting_name) {
  std::string_view whole = strip_eol(line);
  size_t fields = task_fields_start(whole);
  std::string_view content = whole.substr(0, fields);
  std::string tail(whole.substr(fields));
  if (provenance_start(content)) {
    size_t close = content.rfind(')');
    return std::string(content.substr(0, close)) + ", " + meeting_link(meeting_name) +
           std::string(content.substr(close)) + tail;
  }
  return std::string(rstrip_blanks(content)) + " (" + meeting_link(meeting_name) + ")" + tail;
}

std::vector<std::string> provenance_links(std::string_view line) {
  std::string_view whole = strip_eol(line);
  std::string_view content = rstrip_blanks(whole.substr(0, task_fields_start(whole)));
  std::optional<size_t> open = provenance_start(content);
  if (!open) return {};
  std::vector<std::string> links;
  std::string_view group = content.substr(*open + 1, content.size() - *open - 2);
  for (size_t at = group.find("[["); at != std::string_view::npos; at = group.find("[[", at)) {
    size_t close = group.find("]]", at);
    links.emplace_back(group.substr(at + 2, close - at - 2));
    at = close;
  }
  return links;
}

std::optional<std::string> remove_provenance(std::string_view line, std::string_view meeting_name) {
  std::string_view whole = strip_eol(line);
  size_t fields = task_fields_start(whole);
  std::string_view content = rstrip_blanks(whole.substr(0, fields));
  std::optional<size_t> open = provenance_start(content);
  if (!open) return std::nullopt;
  std::vector<std::string> kept;
  for (std::string& link : provenance_links(line))
    if (!links_to("[[" + link + "]]", meeting_name)) kept.push_back("[[" + link + "]]");
  if (kept.empty()) return std::nullopt;
  std::string group;
  for (const std::string& link : kept) group += (group.empty() ? "" : ", ") + link;
  return std::string(content.substr(0, *open)) + "(" + group + ")" + std::string(whole.substr(content.size()));
}

bool is_iso_date(std::string_view s) {
  return s.size() == 10 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
         is_digit(s[3]) && s[4] == '-' && is_digit(s[5]) && is_digit(s[6]) && s[7] == '-' &&
         is_digit(s[8]) && is_digit(s[9]);
}

std::string leading_date(std::string_view line) {
  std::string_view content = trim(strip_eol(line));
  if (!content.starts_with("- ") && !content.starts_with("* ")) return "";
  content = trim(content.substr(2));
  if (content.size() >= 10 && is_iso_date(content.substr(0, 10))) {
    return std::string(content.substr(0, 10));
  }
  return "";
}

std::vector<bool> fenced_lines(const std::vector<std::string>& body) {
  return fenced_lines(std::vector<std::string_view>(body.begin(), body.end()));
}

bool is_entry_line(std::string_view line, const Placeholders& known) {
  std::string_view content = trim(strip_eol(line));
  return !content.empty() && !is_placeholder_line(content, known) && content != "---" &&
         !content.starts_with(kLastUpdated);
}

void replace_body_lines(Section& section, const std::map<size_t, std::string>& replacements) {
  if (replacements.empty()) return;
  RawLines raw(section);
  for (const auto& [index, text] : replacements) {
    size_t at = raw.body_begin + index;
    if (at < raw.lines.size()) raw.lines[at] = text + eol_of(raw.lines[at]);
  }
  section.raw = raw.joined();
}

void remove_body_lines(Section& section, const std::set<size_t>& indices) {
  if (indices.empty()) return;
  RawLines raw(section);
  for (auto it = indices.rbegin(); it != indices.rend(); ++it) {
    size_t at = raw.body_begin + *it;
    if (at < raw.lines.size()) raw.lines.erase(raw.lines.begin() + static_cast<std::ptrdiff_t>(at));
  }
  section.raw = raw.joined();
}

void insert_body_lines(Section& section, size_t index, const std::vector<std::string>& lines,
                       std::string_view newline) {
  if (lines.empty()) return;
  RawLines raw(section);
  size_t at = std::min(raw.body_begin + index, raw.lines.size());
  if (at > 0 && eol_of(raw.lines[at - 1]).empty()) raw.lines[at - 1] += newline;
  std::vector<std::string> block;
  for (const std::string& line : lines) block.push_back(line + std::string(newline));
  raw.lines.insert(raw.lines.begin() + static_cast<std::ptrdiff_t>(at), block.begin(), block.end());
  section.raw = raw.joined();
}

bool set_last_updated(Note& note, std::string_view today) {
  for (size_t s = note.sections.size(); s-- > 0;) {
    RawLines raw(note.sections[s]);
    for (size_t i = raw.lines.size(); i-- > raw.body_begin;) {
      std::string_view content = strip_eol(raw.lines[i]);
      size_t start = content.find(kLastUpdated);
      if (start == std::string_view::npos || !trim(content.substr(0, start)).empty()) continue;
      size_t value = content.find_first_not_of(' ', start + kLastUpdated.size());
      if (value == std::string_view::npos) value = content.size();
      if (value < content.size() && content[value] == ':') ++value;  // "*Last updated*" has none
      size_t closing = content.find('*', value);
      // Only the footer dossier keeps: a "---" rule, then the line with an
      // empty value or exactly a date. "*Last updated by the finance team*"
      // or "*Last updated: 2024-05-01 (Jane)*" is the user's.
      std::string_view old =
          trim(content.substr(value, closing == std::string_view::npos ? std::string_view::npos : closing - value));
      if (!old.empty() && !(old.size() == 10 && is_iso_date(old))) continue;
      size_t rule = i;
      while (rule-- > raw.body_begin && trim(strip_eol(raw.lines[rule])).empty()) {
      }
      if (rule < raw.body_begin || rule >= i || trim(strip_eol(raw.lines[rule])) != "---") continue;
      std::string_view rest =
          closing == std::string_view::npos ? std::string_view() : content.substr(closing + 1);
      std::string edited = std::string(content.substr(0, start)) + std::string(kLastUpdated) +
                           ": " + std::string(today) + "*" + std::string(rest) +
                           eol_of(raw.lines[i]);
      if (edited == raw.lines[i]) return false;
      raw.lines[i] = edited;
      note.sections[s].raw = raw.joined();
      return true;
    }
  }
  return false;
}

}  // namespace dossier
