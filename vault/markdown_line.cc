#include "vault/markdown_line.h"

#include "util/text.h"

namespace dossier {

namespace {

// Up to 3 spaces of indentation: the most a block marker may have (CommonMark).
std::optional<std::string_view> unindented(std::string_view line) {
  std::string_view content = strip_eol(line);
  size_t indent = content.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent > 3) return std::nullopt;
  return content.substr(indent);
}

// "[ ] ", "[x] ", "[-] ": the state character of a checkbox at the start of
// `text` (followed by a blank or the end), or 0.
char checkbox_of(std::string_view text) {
  bool box = text.size() >= 3 && text[0] == '[' && text[2] == ']' && (text.size() == 3 || is_blank(text[3]));
  return box ? text[1] : 0;
}

}  // namespace

// --- Fences -----------------------------------------------------------------

std::optional<Fence> fence_of(std::string_view line) {
  std::string_view content = trim(strip_eol(line));
  if (content.size() < 3 || (content[0] != '`' && content[0] != '~')) return std::nullopt;
  char marker = content[0];
  size_t length = content.find_first_not_of(marker);
  if (length == std::string_view::npos) length = content.size();
  if (length < 3) return std::nullopt;
  if (marker == '`' && content.substr(length).find('`') != std::string_view::npos) return std::nullopt;
  return Fence{marker, length};
}

bool closes_fence(std::string_view line, const Fence& open) {
  std::string_view content = trim(strip_eol(line));
  if (content.size() < open.length) return false;
  return content.find_first_not_of(open.marker) == std::string_view::npos;
}

std::vector<bool> fenced_lines(const std::vector<std::string_view>& lines) {
  std::vector<bool> fenced(lines.size(), false);
  std::optional<Fence> open;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (open) {
      fenced[i] = true;
      if (closes_fence(lines[i], *open)) open.reset();
    } else if ((open = fence_of(lines[i]))) {
      fenced[i] = true;
    }
  }
  return fenced;
}

std::vector<bool> fenced_lines(const std::vector<std::string>& lines) {
  return fenced_lines(std::vector<std::string_view>(lines.begin(), lines.end()));
}

// --- Headings and breaks ------------------------------------------------------

std::optional<Heading> heading_of(std::string_view line) {
  std::optional<std::string_view> content = unindented(line);
  if (!content || !content->starts_with('#')) return std::nullopt;
  size_t level = content->find_first_not_of('#');
  if (level == std::string_view::npos) level = content->size();
  if (level > 6) return std::nullopt;
  std::string_view rest = content->substr(level);
  if (!rest.empty() && !is_blank(rest[0])) return std::nullopt;
  rest = trim(rest);
  size_t closing = rest.find_last_not_of('#');
  if (closing == std::string_view::npos) {
    rest = {};
  } else if (closing + 1 < rest.size() && is_blank(rest[closing])) {
    rest = trim(rest.substr(0, closing + 1));
  }
  return Heading{static_cast<int>(level), rest};
}

bool is_thematic_break(std::string_view line) {
  std::optional<std::string_view> content = unindented(line);
  if (!content || content->empty()) return false;
  char c = (*content)[0];
  if (c != '-' && c != '*' && c != '_') return false;
  int count = 0;
  for (char d : *content) {
    if (d == c)
      ++count;
    else if (!is_blank(d) && d != '\r')
      return false;
  }
  return count >= 3;
}

// --- List items and tasks -------------------------------------------------------

int indent_columns(std::string_view line) {
  int cols = 0;
  for (char c : line) {
    if (c == ' ')
      ++cols;
    else if (c == '\t')
      cols += 4;
    else
      break;
  }
  return cols;
}

std::optional<ListItem> list_item_of(std::string_view line, bool in_list, int indent) {
  std::string_view s = strip_eol(line);
  ListItem item;
  item.indent = indent + indent_columns(s);
  size_t i = s.find_first_not_of(" \t");
  if (i == std::string_view::npos || (!in_list && item.indent > 3) || is_thematic_break(s.substr(i)))
    return std::nullopt;
  size_t j = i;
  if (s[j] == '-' || s[j] == '*' || s[j] == '+') {
    item.marker = s[j++];
  } else {
    while (j < s.size() && j - i < 9 && is_ascii_digit(s[j])) ++j;
    if (j == i || j >= s.size() || (s[j] != '.' && s[j] != ')')) return std::nullopt;
    item.marker = s[j++];
  }
  if (j < s.size() && !is_blank(s[j])) return std::nullopt;
  item.text = trim(s.substr(j));
  if ((item.task = checkbox_of(item.text))) item.text = trim(item.text.substr(3));
  return item;
}

std::string_view strip_list_marker(std::string_view line) {
  std::string_view s = trim(strip_eol(line));
  while (s.starts_with("> ")) s = trim(s.substr(2));
  if (std::optional<ListItem> item = list_item_of(s, true)) return item->text;
  return checkbox_of(s) ? trim(s.substr(3)) : s;
}

size_t task_fields_start(std::string_view line) {
  std::string_view s = line;
  static constexpr std::string_view kFieldEmoji[] = {"\xF0\x9F\x93\x85", "\xE2\x8F\xB3", "\xF0\x9F\x9B\xAB",
                                                     "\xE2\x9E\x95",     "\xE2\x9C\x85", "\xE2\x9D\x8C"};
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

// --- Wikilinks -------------------------------------------------------------------

std::string_view WikiLink::name() const { return link_name(target); }

std::string_view link_name(std::string_view target) {
  size_t slash = target.find_last_of('/');
  if (slash != std::string_view::npos) target = target.substr(slash + 1);
  if (target.size() > 3 && target.ends_with(".md")) target.remove_suffix(3);
  return trim(target);
}

namespace {

WikiLink parse_wikilink(std::string_view text, size_t open, size_t close) {
  WikiLink link;
  link.begin = open;
  link.end = close + 2;
  link.inner = text.substr(open + 2, close - open - 2);
  size_t bar = link.inner.find('|');
  if (bar != std::string_view::npos) {
    link.alias = link.inner.substr(bar + 1);
    link.has_alias = true;
  }
  std::string_view ref = link.inner.substr(0, bar);
  size_t cut = ref.find_first_of("#^");
  link.target = trim(ref.substr(0, cut));
  if (cut != std::string_view::npos) {
    std::string_view fragment = ref.substr(cut);
    if (fragment.starts_with('#')) fragment.remove_prefix(1);
    if (fragment.starts_with('^'))
      link.block = trim(fragment.substr(1));
    else
      link.heading = trim(fragment);
  }
  return link;
}

}  // namespace

std::vector<WikiLink> wikilinks_of(std::string_view text) {
  std::vector<WikiLink> links;
  for (size_t open = text.find("[["); open != std::string_view::npos;) {
    size_t close = text.find("]]", open + 2);
    if (close == std::string_view::npos) break;
    size_t inner_open = text.rfind("[[", close - 1);  // the innermost "[["
    if (inner_open != std::string_view::npos && inner_open > open && inner_open + 2 <= close)
      open = inner_open;
    links.push_back(parse_wikilink(text, open, close));
    open = text.find("[[", close + 2);
  }
  return links;
}

std::optional<WikiLink> leading_wikilink(std::string_view text) {
  std::vector<WikiLink> links = wikilinks_of(text);
  if (links.empty() || links[0].begin != 0) return std::nullopt;
  return links[0];
}

std::vector<std::string> wikilink_targets(std::string_view line) {
  std::vector<std::string> targets;
  for (const WikiLink& link : wikilinks_of(line)) targets.push_back(casefold(link.name()));
  return targets;
}

std::string strip_wikilink(std::string_view s) {
  s = trim(s);
  if (std::vector<WikiLink> links = wikilinks_of(s); !links.empty()) return std::string(links[0].name());
  // Emphasis a user may have put around a name.
  while (s.size() >= 2 && (s.front() == '*' || s.front() == '_') && s.back() == s.front())
    s = trim(s.substr(1, s.size() - 2));
  return std::string(s);
}

// --- Dates -------------------------------------------------------------------------

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_ascii_digit(s[i])) return false;
  return true;
}

std::string leading_date(std::string_view line) {
  std::optional<ListItem> item = list_item_of(line, true);
  if (!item || item->marker == '.' || item->marker == ')') return "";
  return item->text.size() >= 10 && is_iso_date(item->text.substr(0, 10))
             ? std::string(item->text.substr(0, 10))
             : "";
}

// --- Template lines: placeholders and the footer ----------------------------------

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

bool is_footer_rule(std::string_view line) { return trim(line) == "---"; }

bool is_last_updated_line(std::string_view line) { return trim(line).starts_with(kLastUpdated); }

std::optional<size_t> footer_start(const std::vector<std::string>& lines, size_t begin) {
  std::optional<size_t> last_updated;
  for (size_t i = lines.size(); i-- > begin;) {
    if (!last_updated && is_last_updated_line(lines[i])) last_updated = i;
    if (last_updated && i < *last_updated && is_footer_rule(lines[i])) return i;
  }
  return std::nullopt;
}

bool is_entry_line(std::string_view line, const Placeholders& known) {
  std::string_view content = trim(line);
  return !content.empty() && !is_placeholder_line(content, known) && !is_footer_rule(content) &&
         !is_last_updated_line(content);
}

}  // namespace dossier
