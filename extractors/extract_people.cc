#include "extractors/extract_people.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "util/text.h"
#include "util/unicode.h"

namespace dossier {
namespace {

// A capitalised name of two to four words, after an optional honorific.
#define DOSSIER_FULL_NAME R"((?:(?:Dr|Mr|Mrs|Ms|Prof)\.? )?\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){1,3})"

std::string drop_honorific(std::string_view name) {
  for (std::string_view h : {"Dr. ", "Dr ", "Mr. ", "Mr ", "Mrs. ", "Mrs ", "Ms. ", "Ms ", "Prof. ", "Prof "})
    if (name.substr(0, h.size()) == h) return std::string(trim(name.substr(h.size())));
  return std::string(trim(name));
}

struct Collector {
  const Meeting& meeting;
  const CustomerMatcher& matcher;
  std::vector<PersonSeen> people{};

  // The canonical name of an organisation ("Acme" -> "Acme Freight"), or "".
  std::string organisation(std::string_view text) const {
    std::string_view t = trim(text);
    if (std::string c = matcher.customer_named(t); !c.empty()) return c;
    if (matcher.is_other_organization(t)) return std::string(t);
    std::vector<std::string> named = matcher.customers_in(t);
    if (!named.empty() && t.size() <= named.front().size() + 12) return named.front();
    return "";
  }

  PersonSeen* add(std::string_view raw_name, int line, bool attended) {
    std::string name = collapse_spaces(drop_honorific(strip_wikilink(raw_name)));
    if (!looks_like_name(name, false) || !organisation(name).empty()) return nullptr;
    for (PersonSeen& p : people)
      if (fold_name(p.name) == fold_name(name)) {  // "Zoë Álvarez" = "zoe alvarez"
        p.attended = p.attended || attended;
        return &p;
      }
    people.push_back(PersonSeen{name, {}, "", line, attended});
    return &people.back();
  }

  static void add_role(PersonSeen& p, std::string_view role) {
    std::string r = collapse_spaces(role);
    while (!r.empty() && (r.back() == '.' || r.back() == ',')) r.pop_back();
    if (r.empty() || r.size() > 60) return;
    for (const std::string& known : p.roles)
      if (iequals(known, r)) return;
    p.roles.push_back(r);
  }

  // "(Acme, CTO)": the organisation part sets the company, the rest are roles.
  void add_parenthesis(PersonSeen& p, std::string_view inside) {
    for (std::string_view part : split_outside_parentheses(inside, ",;")) {
      if (trim(part).empty()) continue;
      if (std::string org = organisation(part); !org.empty()) {
        if (p.company.empty()) p.company = org;
      } else {
        add_role(p, part);
      }
    }
  }

  // One attendee entry: "[[Jane Doe]] (CTO)", "Jane Doe - CTO", "Jane Doe, CTO at Acme".
  void add_entry(std::string_view entry, int line) {
    entry = trim(entry);
    std::string_view name = entry, rest;
    if (std::optional<WikiLink> link = leading_wikilink(entry)) {
      name = entry.substr(0, link->end);
      rest = entry.substr(link->end);
    } else if (entry.starts_with("[[")) {
      return;  // a link left open names nobody
    } else {
      size_t cut = std::min(
          {entry.find(" ("), entry.find(" - "), entry.find(" – "), entry.find(" — "), entry.find(", ")});
      if (cut != std::string_view::npos) {
        name = entry.substr(0, cut);
        rest = entry.substr(cut);
      }
    }
    PersonSeen* p = add(name, line, true);
    if (!p) return;
    rest = trim(rest);
    if (rest.empty()) return;
    if (rest[0] == '(') {
      size_t close = rest.rfind(')');
      add_parenthesis(*p, rest.substr(1, close == std::string_view::npos ? rest.npos : close - 1));
      return;
    }
    rest = trim(rest.substr(rest.find_first_of(" ,-–—") == 0 ? 1 : 0));
    while (!rest.empty() && (rest[0] == '-' || rest[0] == ',' || rest[0] == ' ')) rest.remove_prefix(1);
    if (rest.substr(0, 3) == "\xE2\x80\x93" || rest.substr(0, 3) == "\xE2\x80\x94")
      rest = trim(rest.substr(3));
    static const RE2 kAt(R"(^(.+?) (?:at|from|@) (.+)$)");
    std::string role, org;
    if (RE2::FullMatch(rest, kAt, &role, &org) && !organisation(org).empty()) {
      p->company = organisation(org);
      add_role(*p, role);
    } else {
      add_role(*p, rest);
    }
  }

  void add_list(std::string_view list, int line) {
    for (std::string_view entry : split_outside_parentheses(list, ",;")) add_entry(entry, line);
  }

  // "Jane Doe (Acme, CTO)" and "Jane Doe, CTO at Acme" anywhere in a text:
  // only with an organisation named, so that "Northgate (the pilot site)" is no one.
  void add_introductions(std::string_view text, int line) {
    // Unbounded repeats with the lengths checked after: counted repeats of
    // Unicode classes make automata too large for RE2's fast path.
    static const RE2 kParen("(" DOSSIER_FULL_NAME R"() \(([^()]+)\))");
    static const RE2 kTitleAt("(" DOSSIER_FULL_NAME R"(), ([^,;()]+?) (?:at|from|@) ([^,;()]+?)(?:[,.;]|$))");
    re2::StringPiece input(text.data(), text.size());
    std::string name, inside;
    while (RE2::FindAndConsume(&input, kParen, &name, &inside)) {
      if (inside.size() > 100) continue;
      bool named_org = false;
      for (std::string_view part : split_outside_parentheses(inside, ",;"))
        named_org = named_org || !organisation(part).empty();
      if (!named_org) continue;
      if (PersonSeen* p = add(name, line, false)) add_parenthesis(*p, inside);
    }
    input = re2::StringPiece(text.data(), text.size());
    std::string role, org;
    while (RE2::FindAndConsume(&input, kTitleAt, &name, &role, &org)) {
      if (role.size() > 60 || org.size() > 60) continue;
      std::string company = organisation(org);
      if (company.empty()) continue;
      if (PersonSeen* p = add(name, line, false)) {
        if (p->company.empty()) p->company = company;
        add_role(*p, role);
      }
    }
  }

  // "Tom will be our technical contact": a role for someone already met (a
  // first name is enough) or named in full.
  void add_contact_roles(std::string_view text, int line) {
    static const RE2 kContact(
        R"((\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){0,3}) (?:will be|is going to be|is|becomes|as) (?:our|the|their) )"
        R"(((?:(?:main|primary|technical|day-to-day|commercial|business|executive|new|single) )*)"
        R"((?:point of contact|contact|champion|sponsor|decision maker)))");
    re2::StringPiece input(text.data(), text.size());
    std::string name, role;
    while (RE2::FindAndConsume(&input, kContact, &name, &role)) {
      PersonSeen* p = name.find(' ') == std::string::npos ? by_first_name(name) : add(name, line, false);
      if (p) add_role(*p, role);
    }
    // "Helen (procurement)": a role in brackets after the first name of someone met.
    static const RE2 kFirstNameRole(R"((?:^|[^\p{L}])(\p{Lu}[\p{L}'’-]+) \(([^()]+)\))");
    input = re2::StringPiece(text.data(), text.size());
    std::string inside;
    while (RE2::FindAndConsume(&input, kFirstNameRole, &name, &inside))
      if (inside.size() <= 40)
        if (PersonSeen* p = by_first_name(name)) add_parenthesis(*p, inside);
  }

  // The one person of the meeting with this first name, if exactly one.
  PersonSeen* by_first_name(std::string_view first) {
    PersonSeen* found = nullptr;
    for (PersonSeen& q : people)
      if (q.name.find(' ') != std::string::npos && q.name.substr(0, q.name.find(' ')) == first) {
        if (found) return nullptr;
        found = &q;
      }
    return found;
  }
};

// "Attendees: a, b", "**Teilnehmer:** a, b": the list after a label the rules
// know as a contact heading, or "" when the text is no such line.
std::optional<std::string_view> attendee_line(std::string_view text, const RuleSet& rules) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon > 40) return std::nullopt;
  std::string_view label = text.substr(0, colon), rest = text.substr(colon + 1);
  while (!label.empty() && (label.front() == '*' || label.front() == '_')) label.remove_prefix(1);
  while (!rest.empty() && (rest.front() == '*' || rest.front() == '_')) rest.remove_prefix(1);
  if (heading_kind(rules, trim(label)) != ItemKind::contact) return std::nullopt;
  return trim(rest);
}

}  // namespace

bool is_attendee_line(const Block& block, const RuleSet& rules) {
  if (block.kind == BlockKind::turn) return heading_kind(rules, block.speaker) == ItemKind::contact;
  return attendee_line(block.text, rules).has_value();
}

std::vector<PersonSeen> people_in_meeting(const Meeting& meeting, const std::vector<Block>& blocks,
                                          const std::vector<std::optional<ItemKind>>& sections,
                                          const RuleSet& rules, const CustomerMatcher& matcher) {
  Collector c{meeting, matcher};
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (b.in_code || b.kind == BlockKind::heading || b.kind == BlockKind::code) continue;
    if (b.kind == BlockKind::turn && heading_kind(rules, b.speaker) == ItemKind::contact) {
      c.add_list(b.text, b.line);  // "Teilnehmer: ..." read as a turn
      continue;
    }
    if (b.kind == BlockKind::turn) c.add(b.speaker, b.line, true);
    if (auto list = attendee_line(b.text, rules)) {
      c.add_list(*list, b.line);
      continue;
    }
    if (auto marker = match_marker(rules, b.masked); marker && marker->kind == ItemKind::contact) {
      c.add_entry(std::string_view(b.text).substr(marker->length), b.line);
      continue;
    }
    if (sections[i] == ItemKind::contact) {
      if (b.kind == BlockKind::paragraph)
        c.add_list(b.text, b.line);
      else
        c.add_entry(b.text, b.line);
      continue;
    }
    c.add_introductions(b.text, b.line);
  }
  for (const std::string& a : meeting.attendees) c.add(a, 0, true);
  for (const Block& b : blocks)
    if (!b.in_code && b.kind != BlockKind::heading && b.kind != BlockKind::code)
      c.add_contact_roles(b.text, b.line);
  return std::move(c.people);
}

const Person* person_named(const VaultIndex& vault, std::string_view name) {
  if (const Person* p = find_person(vault, name)) return p;
  if (name.empty() || name.find(' ') != std::string_view::npos) return nullptr;
  return vault.person_by_first_name(name);
}

bool is_own_person(const VaultIndex& vault, std::string_view name) {
  if (vault.own_company.empty()) return false;  // before any lookup: own_people() asks for everyone
  const Person* p = person_named(vault, name);
  return p && iequals(p->company, vault.own_company);
}

namespace {

// Where `word` first stands as a whole word in `text` (not inside another).
size_t find_whole_word(std::string_view text, std::string_view word) {
  auto is_alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (size_t from = text.find(word); from != std::string_view::npos; from = text.find(word, from + 1)) {
    size_t end = from + word.size();
    if ((from == 0 || !is_alpha(text[from - 1])) && (end >= text.size() || !is_alpha(text[end]))) return from;
  }
  return std::string_view::npos;
}

// One of our people, as the note may name them: by full name, or by a
// first name no other of ours shares.
struct OwnPerson {
  const Person* person;
  std::string first;
  bool unique_first = false;
};

std::vector<OwnPerson> own_people(const VaultIndex& vault) {
  std::vector<OwnPerson> own;
  for (const Person& p : vault.people())
    if (is_own_person(vault, p.name)) own.push_back({&p, p.name.substr(0, p.name.find(' '))});
  for (OwnPerson& p : own)
    p.unique_first =
        std::count_if(own.begin(), own.end(), [&](const OwnPerson& q) { return q.first == p.first; }) == 1;
  return own;
}

// The first of `own` that `text` names; null if none.
const Person* first_named(std::string_view text, const std::vector<OwnPerson>& own) {
  size_t best = std::string::npos;
  const Person* holder = nullptr;
  for (const OwnPerson& p : own) {
    size_t at = text.find(p.person->name);
    if (at == std::string::npos && p.unique_first) at = find_whole_word(text, p.first);
    if (at != std::string::npos && (!holder || at < best)) {
      holder = p.person;
      best = at;
    }
  }
  return holder;
}

}  // namespace

std::string meeting_holder(const std::vector<PersonSeen>& people, const std::vector<Block>& blocks,
                           const VaultIndex& vault) {
  for (const Block& b : blocks)  // a transcript's chair speaks first
    if (!b.speaker.empty() && is_own_person(vault, b.speaker)) return person_named(vault, b.speaker)->name;
  for (const PersonSeen& p : people)
    if (p.attended && is_own_person(vault, p.name)) return person_named(vault, p.name)->name;
  // Nobody listed: the first of our people the note names.
  std::vector<OwnPerson> own = own_people(vault);
  for (const Block& b : blocks)
    if (!b.in_code)
      if (const Person* holder = first_named(b.text, own)) return holder->name;
  return "";
}

}  // namespace dossier
