#include "extractors/extract_meta.h"

#include <algorithm>

#include "extractors/extract.h"
#include "extractors/normalize.h"
#include "util/unicode.h"
#include "util/text.h"

namespace dossier {

std::string shorten(std::string_view text, size_t max_chars) {
  std::string s = collapse_spaces(text);
  size_t chars = 0, cut = std::string::npos, last_space = std::string::npos;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t n = decode_utf8(s, i, cp);
    if (chars == max_chars - 1) {  // room for the "…"
      cut = i;
      break;
    }
    if (cp == ' ') last_space = i;
    ++chars;
    i += n;
  }
  if (cut == std::string::npos) return s;
  size_t end = last_space != std::string::npos && last_space > 0 ? last_space : cut;
  std::string out = s.substr(0, end);
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':' || out.back() == ' '))
    out.pop_back();
  return out + "\xE2\x80\xA6";
}

namespace {

int frontmatter_key_line(const Note& note, std::string_view key) {
  if (!note.frontmatter) return 0;
  int line = note.frontmatter->first_line;
  for (std::string_view raw : split_lines(note.frontmatter->raw)) {
    std::string_view l = strip_eol(raw);
    if (l.substr(0, key.size()) == key && l.substr(key.size(), 1) == ":") return line;
    ++line;
  }
  return 0;
}

int frontmatter_text_line(const Note& note, std::string_view text, int from_line) {
  if (!note.frontmatter) return 0;
  int line = note.frontmatter->first_line;
  for (std::string_view raw : split_lines(note.frontmatter->raw)) {
    if (line >= from_line && raw.find(text) != std::string_view::npos) return line;
    ++line;
  }
  return 0;
}

// A paragraph worth summarising: a few words, not tags only ("#lambda
// #capacity"), not a table row, not a "Location: ..." label line and not a
// marked item ("Decision: ...").
bool meaningful(const Block& b, const RuleSet& rules) {
  std::string_view t = trim(b.text);
  if (t.empty() || t[0] == '#' || t[0] == '|' || match_marker(rules, b.masked)) return false;
  size_t colon = t.find(": ");
  if (colon != std::string_view::npos && colon < 24 && t.substr(0, colon).find_first_of(".,;") == t.npos)
    return false;
  return std::count(t.begin(), t.end(), ' ') >= 3;
}

struct SummarySource {
  std::string text;
  int line = 0;
};

SummarySource first_sentence(const Block& b) {
  auto sentences = split_sentences(b.text);
  if (sentences.empty()) return {};
  auto [begin, end] = sentences.front();
  int line = b.line + static_cast<int>(std::count(b.text.begin(), b.text.begin() + static_cast<long>(begin), '\n'));
  return {normalize_item_text(std::string_view(b.text).substr(begin, end - begin)), line};
}

SummarySource find_summary(const Meeting& meeting, const std::vector<Block>& blocks,
                           const std::vector<std::optional<ItemKind>>& sections, const RuleSet& rules) {
  if (auto s = frontmatter_string(meeting.note, "summary"); s && !trim(*s).empty())
    return {collapse_spaces(*s), frontmatter_key_line(meeting.note, "summary")};
  for (size_t i = 0; i < blocks.size(); ++i)
    if (sections[i] == ItemKind::summary && !blocks[i].in_code && blocks[i].kind != BlockKind::heading)
      return first_sentence(blocks[i]);
  for (size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].kind == BlockKind::paragraph && !sections[i] && meaningful(blocks[i], rules))
      return first_sentence(blocks[i]);
  int line = frontmatter_key_line(meeting.note, "title");
  if (line == 0) line = 1;
  for (const Block& b : blocks)
    if (b.kind == BlockKind::heading && b.heading_level == 1 && line == 1) {
      line = b.line;
      break;
    }
  return {meeting.title, line};
}

// A summary or topic is about the meeting's one customer, else the customer
// its text names, else shared by every customer of the meeting.
std::vector<std::string> meeting_level_customers(std::string_view text, const std::vector<std::string>& primary,
                                                 const CustomerMatcher& matcher) {
  if (primary.size() == 1) return primary;
  std::vector<std::string> named = matcher.customers_in(text);
  if (!named.empty()) return {named[0]};
  return primary;
}

// "Maya Okafor (Lambda, Head of Infrastructure)" -> "Head of Infrastructure".
std::string title_after(std::string_view text, size_t name_end, const std::string& customer,
                        const CustomerMatcher& matcher) {
  std::string_view rest = text.substr(name_end);
  size_t open = rest.find_first_not_of(' ');
  if (open == std::string_view::npos || rest[open] != '(') return "";
  size_t close = rest.find(')', open);
  if (close == std::string_view::npos) return "";
  std::string title;
  std::string_view inside = rest.substr(open + 1, close - open - 1);
  size_t start = 0;
  while (start <= inside.size()) {
    size_t comma = inside.find(',', start);
    std::string_view part = trim(inside.substr(start, comma == std::string_view::npos ? inside.npos : comma - start));
    if (!part.empty() && matcher.customer_named(part) != customer && !matcher.is_other_organization(part) &&
        !iequals(part, customer) && customer.find(part) == std::string::npos)
      title += (title.empty() ? "" : ", ") + std::string(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return title;
}

void add_contacts(const Meeting& meeting, const std::vector<Block>& blocks,
                  const std::vector<std::optional<ItemKind>>& sections, const VaultIndex& vault,
                  const CustomerMatcher& matcher, Extraction& out) {
  std::vector<std::string> people = meeting.attendees;
  for (const Block& b : blocks) {  // transcript speakers attended too (read_meeting adds most)
    if (b.speaker.empty()) continue;
    const Person* p = find_person(vault, b.speaker);
    std::string name = p ? p->name : b.speaker;
    bool known = std::any_of(people.begin(), people.end(),
                             [&](const std::string& a) { return fold_name(a) == fold_name(name); });
    if (!known) people.push_back(name);
  }
  for (const std::string& attendee : people) {
    std::string customer = attendee_customer(attendee, vault, matcher);
    if (customer.empty()) continue;
    Item item;
    item.kind = ItemKind::contact;
    item.customer = customer;
    item.text = attendee;
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (sections[i] != ItemKind::contact) continue;
      size_t at = blocks[i].text.find(attendee);
      if (at == std::string::npos) continue;
      item.line = blocks[i].line;
      std::string title = title_after(blocks[i].text, at + attendee.size(), customer, matcher);
      if (!title.empty()) item.text += " (" + title + ")";
      break;
    }
    if (item.line == 0) item.line = frontmatter_text_line(meeting.note, attendee, 0);
    for (size_t i = 0; item.line == 0 && i < blocks.size(); ++i)
      if (!blocks[i].speaker.empty() && fold_name(blocks[i].speaker) == fold_name(attendee)) item.line = blocks[i].line;
    out.items.push_back(std::move(item));
  }
}

void add_frontmatter_topics(const Meeting& meeting, const std::vector<std::string>& primary,
                            const CustomerMatcher& matcher, Extraction& out) {
  int from = frontmatter_key_line(meeting.note, "topics");
  for (const std::string& topic : frontmatter_list(meeting.note, "topics")) {
    Item item;
    item.kind = ItemKind::topic;
    item.text = collapse_spaces(topic);
    item.line = frontmatter_text_line(meeting.note, topic, from);
    if (item.line == 0) item.line = from;
    assign_customers(item, meeting_level_customers(item.text, primary, matcher));
    out.items.push_back(std::move(item));
  }
}

}  // namespace

void add_meeting_items(const Meeting& meeting, const std::vector<Block>& blocks,
                       const std::vector<std::optional<ItemKind>>& sections,
                       const std::vector<std::string>& primary, const VaultIndex& vault,
                       const CustomerMatcher& matcher, const RuleSet& rules, Extraction& out) {
  SummarySource summary = find_summary(meeting, blocks, sections, rules);
  if (!summary.text.empty()) {
    Item item;
    item.kind = ItemKind::summary;
    item.text = shorten(summary.text);
    item.line = summary.line;
    assign_customers(item, meeting_level_customers(item.text, primary, matcher));
    out.items.push_back(std::move(item));
  }
  add_contacts(meeting, blocks, sections, vault, matcher, out);
  add_frontmatter_topics(meeting, primary, matcher, out);
}

}  // namespace dossier
