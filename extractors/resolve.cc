#include "extractors/resolve.h"

#include <algorithm>

#include "extractors/topics.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/customer_names.h"
#include "vault/frontmatter_edit.h"

namespace dossier {
namespace {

std::string_view first_word(std::string_view text) {
  std::vector<WordSpan> w = word_spans(text, {});
  return w.empty() ? std::string_view() : text.substr(w[0].begin, w[0].end - w[0].begin);
}

// The end of the #tag that starts at `hash`, or npos where none starts
// there (a '#' inside a word, "##", "[#", "&#", a lone '#').
size_t tag_end(std::string_view text, size_t hash) {
  if (hash > 0) {
    char32_t before;
    decode_utf8(text, previous_char_start(text, hash), before);
    if (is_word_char(before) || before == '#' || before == '[' || before == '&')
      return std::string_view::npos;
  }
  size_t end = hash + 1;
  while (end < text.size()) {
    char32_t cp;
    size_t n = decode_utf8(text, end, cp);
    if (!is_word_char(cp) && cp != '-' && cp != '/') break;
    end += n;
  }
  return end == hash + 1 ? std::string_view::npos : end;
}

// A tag as a name to look up: its last path part, folded, '-' and '_' as
// spaces ("#customers/acme-corp" -> "acme corp").
std::string tag_name(std::string_view tag) {
  std::string name = casefold(tag);
  name = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
  std::replace(name.begin(), name.end(), '-', ' ');
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

}  // namespace

CustomerMatcher::CustomerMatcher(const VaultIndex& vault) {
  for (const Customer& c : vault.customers()) {
    Target t{c.name, true, {}};
    for (const std::string& w : c.not_when) t.not_when.push_back(casefold(w));
    targets_.push_back(std::move(t));
    size_t index = targets_.size() - 1;
    add(c.name, index);
    for (const std::string& alias : c.aliases) add(alias, index);
    by_folded_name_.emplace(casefold(link_name(c.path)), index);
  }
  for (const std::string& org : vault.other_organizations) {
    if (org.empty() || by_folded_name_.count(casefold(org))) continue;
    targets_.push_back(Target{org, false, {}});
    add(org, targets_.size() - 1);
  }
  for (auto& [word, candidates] : by_first_word_)
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.text.size() > b.text.size(); });
  std::vector<std::string> names;
  for (const Customer& c : vault.customers()) {
    names.push_back(c.name);
    names.insert(names.end(), c.aliases.begin(), c.aliases.end());
  }
  for (const Person& p : vault.people()) names.push_back(p.name);
  vault_name_words_ = name_words(names);
}

void CustomerMatcher::add(std::string_view text, size_t target) {
  text = trim(text);
  std::string_view first = first_word(text);
  if (first.empty()) return;
  by_first_word_[std::string(first)].push_back(Candidate{std::string(text), target});
  by_folded_name_.emplace(casefold(text), target);
  by_folded_name_.emplace(company_key(text), target);  // "Orbital Bank Inc." in frontmatter
}

bool CustomerMatcher::blocked_by_neighbour(std::string_view text, size_t begin, size_t end,
                                           const Target& t) const {
  if (t.not_when.empty()) return false;
  auto listed = [&](std::string_view word) {
    std::string w = casefold(word);
    for (const std::string& n : t.not_when) {
      if (w == n) return true;
      // plurals of a listed word: "function" also blocks "functions"
      if (w.size() == n.size() + 1 && w.back() == 's' && w.compare(0, n.size(), n) == 0) return true;
      if (w.size() == n.size() + 2 && w.compare(0, n.size(), n) == 0 && w.compare(n.size(), 2, "es") == 0)
        return true;
    }
    return false;
  };
  std::vector<WordSpan> after = word_spans(text.substr(end, std::min<size_t>(64, text.size() - end)), {});
  if (!after.empty() && listed(text.substr(end + after[0].begin, after[0].end - after[0].begin))) return true;
  size_t from = char_start(text, begin > 64 ? begin - 64 : 0);
  std::string_view head = text.substr(from, begin - from);
  std::vector<WordSpan> before = word_spans(head, {});
  if (!before.empty() && before.back().end == head.size()) before.pop_back();  // cut word
  return !before.empty() && listed(head.substr(before.back().begin, before.back().end - before.back().begin));
}

std::vector<Mention> CustomerMatcher::find_mentions(std::string_view raw) const {
  std::string masked = mask_code_spans(raw);
  std::string_view text = masked;
  std::vector<Mention> out;
  std::vector<std::pair<size_t, size_t>> links;  // spans of resolved [[links]]
  for (const WikiLink& link : wikilinks_of(text)) {
    auto it = by_folded_name_.find(casefold(link.name()));
    if (it == by_folded_name_.end()) continue;
    const Target& t = targets_[it->second];
    out.push_back(Mention{link.begin, link.end - link.begin, t.name, t.is_customer, true});
    links.emplace_back(link.begin, link.end);
  }
  for (size_t hash = text.find('#'); hash != std::string_view::npos; hash = text.find('#', hash + 1)) {
    size_t end = tag_end(text, hash);
    if (end == std::string_view::npos) continue;
    std::string tag = tag_name(text.substr(hash + 1, end - hash - 1));
    auto it = by_folded_name_.find(tag);
    if (it == by_folded_name_.end()) continue;
    const Target& t = targets_[it->second];
    out.push_back(Mention{hash, end - hash, t.name, t.is_customer, true});
    links.emplace_back(hash, end);
  }
  std::sort(links.begin(), links.end());
  std::vector<WordSpan> words = word_spans(text, {});
  size_t link = 0, plain_end = 0;
  size_t after_org = std::string_view::npos;  // end of the last plain mention, if an organisation
  for (size_t i = 0; i < words.size(); ++i) {
    size_t begin = words[i].begin;
    while (link < links.size() && links[link].second <= begin) ++link;
    if (link < links.size() && links[link].first <= begin) continue;  // inside a resolved link
    auto it = by_first_word_.find(text.substr(begin, words[i].end - begin));
    if (it == by_first_word_.end()) continue;
    for (const Candidate& c : it->second) {
      size_t end = begin + c.text.size();
      if (text.compare(begin, c.text.size(), c.text) != 0) continue;
      if (end < text.size()) {
        char32_t cp;
        decode_utf8(text, end, cp);
        if (is_word_char(cp)) continue;  // "Lambdas", "Contoso2"
      }
      const Target& t = targets_[c.target];
      if (blocked_by_neighbour(text, begin, end, t)) break;
      // "Gartner Summit": right after another organisation's name, a
      // customer's name is part of that organisation's (event, product).
      if (t.is_customer && after_org == plain_end && plain_end < begin &&
          text.substr(plain_end, begin - plain_end).find_first_not_of(" \t") == std::string_view::npos)
        break;
      if (auto longer = t.is_customer ? boundaries_.longer_name(text, begin, end) : std::nullopt) {
        // "Beacon Health" for a customer "Beacon": another organisation,
        // unless a name found already covers its start ("AWS" of "AWS Lambda").
        if (longer->first >= plain_end)
          out.push_back(Mention{longer->first, longer->second - longer->first,
                                std::string(text.substr(longer->first, longer->second - longer->first)),
                                false, false});
        plain_end = std::max(plain_end, longer->second);
        after_org = plain_end;
        while (i + 1 < words.size() && words[i + 1].begin < longer->second) ++i;
        break;
      }
      out.push_back(Mention{begin, c.text.size(), t.name, t.is_customer, false});
      plain_end = end;
      after_org = t.is_customer ? std::string_view::npos : end;
      while (i + 1 < words.size() && words[i + 1].begin < end) ++i;
      break;
    }
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.offset < b.offset; });
  return out;
}

std::vector<std::string> CustomerMatcher::customers_in(std::string_view text) const {
  std::vector<std::string> names;
  for (const Mention& m : find_mentions(text))
    if (m.is_customer && std::find(names.begin(), names.end(), m.name) == names.end())
      names.push_back(m.name);
  return names;
}

std::string CustomerMatcher::customer_named(std::string_view name_or_link) const {
  std::string target = strip_wikilink(name_or_link);
  auto it = by_folded_name_.find(casefold(target));
  if (it == by_folded_name_.end()) it = by_folded_name_.find(company_key(target));
  if (it == by_folded_name_.end() || !targets_[it->second].is_customer) return "";
  return targets_[it->second].name;
}

bool CustomerMatcher::is_other_organization(std::string_view name) const {
  auto it = by_folded_name_.find(casefold(strip_wikilink(name)));
  return it != by_folded_name_.end() && !targets_[it->second].is_customer;
}

std::string attendee_customer(std::string_view attendee, const VaultIndex& vault,
                              const CustomerMatcher& matcher) {
  const Person* p = find_person(vault, strip_wikilink(attendee));
  if (!p || p->company.empty()) return "";
  return matcher.customer_named(p->company);
}

std::vector<CustomerEvidence> customer_evidence(const Meeting& meeting, const std::vector<Block>& blocks,
                                                const VaultIndex& vault, const CustomerMatcher& matcher) {
  std::vector<CustomerEvidence> out;
  for (const char* key : kMeetingCustomerKeys) {
    for (const std::string& value : frontmatter_list(meeting.note, key)) {
      std::string name = matcher.customer_named(value);
      // A customer declared in frontmatter counts even before its note exists.
      if (name.empty()) name = strip_wikilink(value);
      if (name.empty() || iequals(name, vault.own_company) || matcher.is_other_organization(name)) continue;
      out.push_back({name, frontmatter_key_line(meeting.note, key), EvidenceSource::frontmatter});
    }
  }
  for (const std::string& attendee : meeting.attendees) {
    std::string name = attendee_customer(attendee, vault, matcher);
    if (name.empty()) continue;
    int line = frontmatter_text_line(meeting.note, attendee);
    for (size_t b = 0; line == 0 && b < blocks.size(); ++b)
      if (blocks[b].text.find(attendee) != std::string::npos) line = blocks[b].line;
    out.push_back({name, line, EvidenceSource::attendee});
  }
  for (const Mention& m : matcher.find_mentions(meeting.title))
    if (m.is_customer)
      out.push_back({m.name, frontmatter_key_line(meeting.note, "title"), EvidenceSource::title});
  for (const Block& block : blocks) {
    if (block.in_code) continue;
    if (!block.speaker.empty())  // a speaker is an attendee too
      if (std::string name = attendee_customer(block.speaker, vault, matcher); !name.empty())
        out.push_back({name, block.line, EvidenceSource::speaker});
    for (const Mention& m : matcher.find_mentions(block.text))
      if (m.is_customer)
        out.push_back({m.name, block.line_at(m.offset),
                       m.wikilink ? EvidenceSource::wikilink : EvidenceSource::mention});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CustomerEvidence& a, const CustomerEvidence& b) { return a.line < b.line; });
  return out;
}

std::vector<std::string> resolve_customers(const Meeting& meeting, const std::vector<Block>& blocks,
                                           const VaultIndex& vault, const CustomerMatcher& matcher) {
  std::vector<std::string> names;
  for (const CustomerEvidence& e : customer_evidence(meeting, blocks, vault, matcher))
    if (std::find(names.begin(), names.end(), e.customer) == names.end()) names.push_back(e.customer);
  return names;
}

std::vector<std::string> primary_customers(const std::vector<CustomerEvidence>& evidence, bool internal) {
  if (internal) return {};
  using Tier = std::vector<EvidenceSource>;
  for (const Tier& tier :
       {Tier{EvidenceSource::frontmatter}, Tier{EvidenceSource::attendee, EvidenceSource::speaker},
        Tier{EvidenceSource::title}}) {
    std::vector<std::string> names;
    for (const CustomerEvidence& e : evidence) {
      bool in_tier = std::find(tier.begin(), tier.end(), e.how) != tier.end();
      if (in_tier && std::find(names.begin(), names.end(), e.customer) == names.end())
        names.push_back(e.customer);
    }
    if (!names.empty()) return names;
  }
  return {};
}

bool is_internal_meeting(const Meeting& meeting) {
  std::optional<std::string> type = frontmatter_string(meeting.note, "type");
  return type && iequals(trim(*type), "internal");
}

}  // namespace dossier
