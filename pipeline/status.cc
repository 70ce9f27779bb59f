#include "pipeline/status.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "pipeline/dedupe.h"
#include "pipeline/merge_lines.h"
#include "pipeline/words.h"
#include "util/text.h"
#include "vault/frontmatter_edit.h"
#include "vault/section_edit.h"
#include "vault/yaml_file.h"

namespace dossier {

namespace {

struct StatusRule {
  AccountStatus status;
  std::shared_ptr<RE2> pattern;
};

struct StatusRules {
  std::vector<StatusRule> rules;
  std::set<std::string> negations;
};

// Parsed once: the built-in list is constant data, like the built-in rules.
const StatusRules& rules_data() {
  static const StatusRules data = [] {
    YAML::Node y = builtin_yaml("rules/status.yaml");
    StatusRules d;
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    for (const YAML::Node& n : y["statuses"]) {
      StatusRule rule{{n["status"].as<std::string>(), n["display"].as<std::string>()},
                      std::make_shared<RE2>(n["pattern"].as<std::string>(), options)};
      if (rule.pattern->ok()) d.rules.push_back(std::move(rule));
    }
    for (const YAML::Node& n : y["negations"]) d.negations.insert(n.as<std::string>());
    return d;
  }();
  return data;
}

std::string normalised(std::string_view value) {
  std::string out = casefold(trim(value));
  for (char& c : out)
    if (c == '-' || c == '_') c = ' ';
  return collapse_spaces(out);
}

std::vector<std::string_view> sentences_of(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '.' && text[i] != ';' && text[i] != '!' && text[i] != '?') continue;
    std::string_view s = trim(text.substr(start, i - start));
    if (!s.empty()) out.push_back(s);
    start = i + 1;
  }
  return out;
}

std::optional<AccountStatus> status_in(std::string_view sentence) {
  const StatusRules& d = rules_data();
  for (const std::string& w : tokenize(sentence))
    if (d.negations.count(w)) return std::nullopt;
  for (const StatusRule& rule : d.rules)
    if (RE2::PartialMatch(sentence, *rule.pattern)) return rule.status;
  return std::nullopt;
}

Section* account_status_section(Note& note) { return find_section(note, "Account Status"); }

// The index of the table row "| **Status** | value |" among the body lines, and its value cell.
std::optional<std::pair<size_t, std::string>> status_row(const std::vector<std::string>& body) {
  for (size_t i = 0; i < body.size(); ++i) {
    std::string_view line = trim(strip_eol(body[i]));
    if (!line.starts_with("|")) continue;
    size_t second = line.find('|', 1);
    if (second == std::string_view::npos) continue;
    std::string label(trim(line.substr(1, second - 1)));
    std::erase(label, '*');
    if (casefold(trim(label)) != "status") continue;
    size_t third = line.find('|', second + 1);
    std::string_view cell =
        line.substr(second + 1, (third == std::string_view::npos ? line.size() : third) - second - 1);
    return std::make_pair(i, std::string(trim(cell)));
  }
  return std::nullopt;
}

// Offset and length of the single "status/..." tag in the frontmatter text.
std::optional<std::pair<size_t, size_t>> status_tag(std::string_view frontmatter) {
  size_t at = frontmatter.find("status/");
  if (at == std::string_view::npos || frontmatter.find("status/", at + 1) != std::string_view::npos)
    return std::nullopt;
  size_t end = at + 7;
  while (end < frontmatter.size() &&
         std::string_view(" \t\r\n,]'\"#").find(frontmatter[end]) == std::string_view::npos)
    ++end;
  return std::make_pair(at, end - at);
}

}  // namespace

std::vector<StatusMention> status_mentions(const Meeting& meeting) {
  std::vector<StatusMention> out;
  for_each_body_line(meeting, [&](std::string_view text, int) {
    for (std::string_view sentence : sentences_of(strip_list_marker(text)))
      if (auto status = status_in(sentence)) out.push_back({*status, casefold(sentence)});
  });
  return out;
}

std::optional<AccountStatus> status_for(const std::vector<StatusMention>& mentions,
                                        const MeetingInfo& meeting, std::string_view customer,
                                        bool sole_customer) {
  std::string name = casefold(trim(customer));
  if (name.empty()) return std::nullopt;
  bool about_customer = sole_customer || casefold(meeting.title).find(name) != std::string::npos ||
                        casefold(meeting.name).find(name) != std::string::npos;
  std::optional<AccountStatus> found;
  for (const StatusMention& mention : mentions)
    if (about_customer || mention.sentence.find(name) != std::string::npos) found = mention.status;
  return found;
}

std::optional<AccountStatus> reported_status(const Meeting& meeting, std::string_view customer) {
  return status_for(status_mentions(meeting), meeting, customer);
}

bool set_account_status(Note& note, const AccountStatus& status) {
  std::string before = render_note(note);
  if (note.frontmatter) {
    if (auto tag = status_tag(note.frontmatter->raw)) {
      std::string wanted = "status/" + status.value;
      if (note.frontmatter->raw.compare(tag->first, tag->second, wanted) != 0) {
        note.frontmatter->raw.replace(tag->first, tag->second, wanted);
        note = parse_note(note.path, render_note(note));
      }
    }
    std::optional<std::string> current = frontmatter_string(note, "status");
    if (current && normalised(*current) != normalised(status.value))
      set_frontmatter_value(note, "status", yaml_scalar(status.value));
  }
  if (Section* section = account_status_section(note)) {
    std::vector<std::string> body = section_body_lines(*section);
    if (auto row = status_row(body); row && normalised(row->second) != normalised(status.value)) {
      std::string line(strip_eol(body[row->first]));
      size_t second = line.find('|', line.find('|') + 1);
      size_t third = line.find('|', second + 1);
      if (third == std::string::npos) third = line.size();
      line.replace(second + 1, third - second - 1, " " + status.display + " ");
      replace_body_lines(*section, {{row->first, line}});
    }
  }
  return render_note(note) != before;
}

std::optional<Failure> status_disagreement(const Note& note) {
  std::vector<std::pair<std::string, std::string>> places;
  if (auto fm = frontmatter_string(note, "status")) places.emplace_back("status", *fm);
  if (note.frontmatter)
    if (auto tag = status_tag(note.frontmatter->raw))
      places.emplace_back("tag", note.frontmatter->raw.substr(tag->first, tag->second));
  if (const Section* section = find_section(note, "Account Status"))
    if (auto row = status_row(section_body_lines(*section)))
      places.emplace_back("Account Status table", row->second);
  std::string message;
  bool differ = false;
  for (const auto& [place, value] : places) {
    std::string v = place == "tag" ? value.substr(7) : value;
    if (normalised(v) !=
        normalised(places.front().first == "tag" ? places.front().second.substr(7) : places.front().second))
      differ = true;
    message += (message.empty() ? "" : ", ") + place + ": " + value;
  }
  if (!differ) return std::nullopt;
  return Failure(note.path, 1, "status disagrees (" + message + ")");
}

}  // namespace dossier
