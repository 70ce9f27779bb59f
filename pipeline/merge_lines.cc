#include "pipeline/merge_lines.h"

#include "pipeline/dedupe.h"
#include "util/text.h"
#include "vault/markdown_line.h"
#include "vault/section_edit.h"

namespace dossier {

namespace {

std::string_view without_prefix(std::string_view text, std::string_view prefix) {
  return text.starts_with(prefix) ? trim(text.substr(prefix.size())) : text;
}

}  // namespace

std::string link_target(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool line_separator =
        c == 0xE2 && name.substr(i, 3) >= "\xE2\x80\xA8" && name.substr(i, 3) <= "\xE2\x80\xA9";
    if (line_separator) i += 2;
    out += (c < 0x20 || c == 0x7F || line_separator ||
            std::string_view("[]|#^").find(static_cast<char>(c)) != std::string_view::npos)
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

bool links_to(std::string_view line, std::string_view meeting_name) {
  if (line.find("[[") == std::string_view::npos) return false;
  std::string wanted = casefold(trim(link_target(meeting_name)));
  for (const std::string& target : wikilink_targets(line)) {
    if (target == wanted) return true;
  }
  return false;
}

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
  for (const WikiLink& link : wikilinks_of(group)) links.emplace_back(link.inner);
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
  return std::string(content.substr(0, *open)) + "(" + group + ")" +
         std::string(whole.substr(content.size()));
}

std::vector<size_t> entry_lines(const std::vector<std::string>& body, const Placeholders& known) {
  std::vector<bool> fenced = fenced_lines(body);
  std::vector<size_t> entries;
  for (size_t i = 0; i < body.size(); ++i)
    if (!fenced[i] && is_entry_line(body[i], known)) entries.push_back(i);
  return entries;
}

void replace_body_lines(Section& section, const std::map<size_t, std::string>& replacements) {
  if (replacements.empty()) return;
  SectionLines raw(section);
  for (const auto& [index, text] : replacements) {
    size_t at = raw.body_begin + index;
    if (at < raw.lines.size()) raw.lines[at] = text + std::string(eol_of(raw.lines[at]));
  }
  section.raw = raw.joined();
}

void remove_body_lines(Section& section, const std::set<size_t>& indices) {
  if (indices.empty()) return;
  SectionLines raw(section);
  for (auto it = indices.rbegin(); it != indices.rend(); ++it) {
    size_t at = raw.body_begin + *it;
    if (at < raw.lines.size()) raw.lines.erase(raw.lines.begin() + static_cast<std::ptrdiff_t>(at));
  }
  section.raw = raw.joined();
}

void insert_body_lines(Section& section, size_t index, const std::vector<std::string>& lines,
                       std::string_view newline) {
  if (lines.empty()) return;
  SectionLines raw(section);
  raw.insert(std::min(raw.body_begin + index, raw.lines.size()), lines, newline);
  section.raw = raw.joined();
}

bool set_last_updated(Note& note, std::string_view today) {
  for (size_t s = note.sections.size(); s-- > 0;) {
    SectionLines raw(note.sections[s]);
    for (size_t i = raw.lines.size(); i-- > raw.body_begin;) {
      std::string_view content = strip_eol(raw.lines[i]);
      if (!is_last_updated_line(content)) continue;
      size_t start = content.find(kLastUpdated);
      size_t value = content.find_first_not_of(' ', start + kLastUpdated.size());
      if (value == std::string_view::npos) value = content.size();
      if (value < content.size() && content[value] == ':') ++value;  // "*Last updated*" has none
      size_t closing = content.find('*', value);
      // Only the footer dossier keeps: a "---" rule, then the line with an
      // empty value or exactly a date. "*Last updated by the finance team*"
      // or "*Last updated: 2024-05-01 (Jane)*" is the user's.
      std::string_view old = trim(content.substr(
          value, closing == std::string_view::npos ? std::string_view::npos : closing - value));
      if (!old.empty() && !is_iso_date(old)) continue;
      size_t rule = i;
      while (rule-- > raw.body_begin && is_blank(raw.lines[rule])) {
      }
      if (rule < raw.body_begin || rule >= i || !is_footer_rule(raw.lines[rule])) continue;
      std::string_view rest =
          closing == std::string_view::npos ? std::string_view() : content.substr(closing + 1);
      std::string edited = std::string(content.substr(0, start)) + std::string(kLastUpdated) + ": " +
                           std::string(today) + "*" + std::string(rest) + std::string(eol_of(raw.lines[i]));
      if (edited == raw.lines[i]) return false;
      raw.lines[i] = edited;
      note.sections[s].raw = raw.joined();
      return true;
    }
  }
  return false;
}

}  // namespace dossier
