#include "extractors/whole_meeting_items.h"

#include <algorithm>

#include "extractors/extract_people.h"
#include "extractors/extract_summary.h"
#include "extractors/normalize.h"
#include "extractors/rules_extractor.h"
#include "extractors/topics.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/frontmatter_edit.h"

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

// The summary is about the meeting's one customer, else the customer its
// text names; else about none in particular (each customer of the meeting
// then gets its own line: add_other_customers_summaries, and the run).
std::optional<std::string> meeting_level_customer(std::string_view text,
                                                  const std::vector<std::string>& primary,
                                                  const CustomerMatcher& matcher) {
  if (primary.size() == 1) return primary[0];
  std::vector<std::string> named = matcher.customers_in(text);
  if (!named.empty()) return named[0];
  return std::nullopt;
}

// A topic is about the meeting's one customer, else the customer its text
// names, else shared by every customer of the meeting.
std::vector<std::string> meeting_level_customers(std::string_view text,
                                                 const std::vector<std::string>& primary,
                                                 const CustomerMatcher& matcher) {
  if (primary.size() == 1) return primary;
  std::vector<std::string> named = matcher.customers_in(text);
  if (!named.empty()) return {named[0]};
  return primary;
}

// Key Contacts lines for the customer-side people of the meeting:
// "[[Name]] - role" when they have a People note (its role: or title:, else
// what the meeting calls them), "Name - role" otherwise. A person belongs to
// their People note's company, else the organisation named with them, else
// the meeting's one customer (unless they are one of ours).
void add_contacts(const Meeting& meeting, const std::vector<PersonSeen>& people,
                  const std::vector<std::string>& primary, const VaultIndex& vault,
                  const CustomerMatcher& matcher, Extraction& out) {
  for (const PersonSeen& seen : people) {
    const Person* note = person_named(vault, seen.name);
    if (!note && seen.name.find(' ') == std::string::npos) continue;  // "Priya": too little to file
    std::string customer;
    if (note && !note->company.empty())
      customer = matcher.customer_named(note->company);
    else if (!seen.company.empty())
      customer = matcher.customer_named(seen.company);
    else if (primary.size() == 1 && !is_own_person(vault, seen.name))
      customer = primary[0];
    if (customer.empty()) continue;
    std::string role = note && !note->role.empty() ? note->role : "";
    for (const std::string& r : seen.roles)
      if (role.empty())
        role = r;
      else if (!note || note->role.empty())
        role += ", " + r;
    Item item;
    item.kind = ItemKind::contact;
    item.customer = customer;
    item.text = note ? "[[" + note->name + "]]" : seen.name;
    if (!role.empty()) item.text += " - " + role;
    item.line = seen.line;
    if (item.line == 0) item.line = frontmatter_text_line(meeting.note, seen.name, 0);
    if (item.line == 0) item.line = 1;
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

// A meeting about several customers gives each of the others its own line
// for Recent Context: the title with that customer's top item.
void add_other_customers_summaries(const Meeting& meeting, const std::vector<Block>& blocks,
                                   const RuleSet& rules, Item summary, Extraction& out) {
  std::vector<std::string> done;
  if (summary.customer) done.push_back(*summary.customer);
  std::vector<Item> added;
  for (ItemKind kind :
       {ItemKind::decision, ItemKind::opportunity, ItemKind::blocker, ItemKind::fact, ItemKind::next_step})
    for (const Item& item : out.items) {
      if (item.kind != kind || !item.customer || std::count(done.begin(), done.end(), *item.customer))
        continue;
      done.push_back(*item.customer);
      Item s = summary;
      std::string text = item.text;
      if (!text.empty() && text.back() == '.') text.pop_back();
      std::string title = title_for_item(meeting, blocks, rules, item.line);
      s.text = shorten(title.empty() ? text : title + ": " + text);
      s.customer = item.customer;
      s.line = item.line;
      added.push_back(std::move(s));
    }
  if (!summary.customer) return;  // a meeting about no customer in particular keeps one summary
  out.items.insert(out.items.end(), added.begin(), added.end());
}

// Key phrases of the meeting as topics; never the names of its people or customers.
void add_key_phrases(const std::vector<Block>& blocks, const std::vector<PersonSeen>& people,
                     const std::vector<std::string>& primary, const CustomerMatcher& matcher,
                     const RuleSet& rules, const PhraseCounts* counts, Extraction& out) {
  // The author's own topics say it better.
  for (const Item& item : out.items)
    if (item.kind == ItemKind::topic) return;
  std::vector<std::string> exclude = out.customers;
  for (const PersonSeen& p : people) exclude.push_back(p.name);
  for (const Block& b : blocks)
    for (const Mention& m : matcher.find_mentions(b.text)) exclude.push_back(m.name);
  const PhraseCounts none;  // (a conditional with a temporary would copy *counts for every meeting)
  std::vector<KeyPhrase> phrases = key_phrases(
      phrase_candidates(blocks, rules, exclude, &matcher.vault_name_words()), counts ? *counts : none);
  for (const KeyPhrase& p : phrases) {
    Item item;
    item.kind = ItemKind::topic;
    item.text = p.text;
    item.line = p.line;
    assign_customers(item, meeting_level_customers(item.text, primary, matcher));
    out.items.push_back(std::move(item));
  }
}

}  // namespace

void add_meeting_items(const Meeting& meeting, const std::vector<Block>& blocks,
                       const std::vector<std::optional<ItemKind>>& sections,
                       const std::vector<std::string>& primary, const VaultIndex& vault,
                       const CustomerMatcher& matcher, const RuleSet& rules,
                       const PhraseCounts* phrase_counts, Extraction& out) {
  std::vector<PersonSeen> people = people_in_meeting(meeting, blocks, sections, rules, matcher);
  std::string holder = meeting_holder(people, blocks, vault);
  SummarySource summary = summarize_meeting(meeting, blocks, sections, rules, out.items, holder);
  if (!summary.text.empty()) {
    Item item;
    item.kind = ItemKind::summary;
    item.text = shorten(summary.text);
    item.line = summary.line;
    item.customer = meeting_level_customer(item.text, primary, matcher);
    item.speaker = holder;
    out.items.push_back(std::move(item));
    add_other_customers_summaries(meeting, blocks, rules, out.items.back(), out);
  }
  add_contacts(meeting, people, primary, vault, matcher, out);
  for (const PersonSeen& p : people)
    if (p.attended) {
      const Person* note = person_named(vault, p.name);
      std::string name = note ? note->name : p.name;
      if (std::none_of(out.attendees.begin(), out.attendees.end(),
                       [&](const std::string& a) { return fold_name(a) == fold_name(name); }))
        out.attendees.push_back(name);
    }
  add_frontmatter_topics(meeting, primary, matcher, out);
  add_key_phrases(blocks, people, primary, matcher, rules, phrase_counts, out);
}

}  // namespace dossier
