// The merge's working state for each kind of section it owns: the lines a
// section holds, indexed for dedupe, and the edits a batch of meetings
// makes to it before they are applied (merger.h). Internal to the merge.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/close_loop.h"
#include "pipeline/dedupe.h"
#include "pipeline/merge_lines.h"
#include "pipeline/supersede.h"
#include "util/text.h"
#include "vault/customer_template.h"
#include "vault/note.h"

namespace dossier::merging {

// Memory keys of entries that are not list items get a prefix with a ':',
// which no dedupe_key contains, so they never collide with item keys.
std::string topic_memory_key(std::string_view key);
std::string person_memory_key(std::string_view name);
std::string summary_memory_key(std::string_view meeting);
// The meeting gave the item with this key (a dedupe key has no ':', so the
// key is what follows the last one).
std::string source_memory_key(std::string_view meeting, std::string_view key);
inline constexpr std::string_view kSourcePrefix = "from:";

const TemplateShape& builtin_shape();

// An owned section is found at the level the template gives it: the same
// title deeper down belongs to a section of the user's.
std::vector<std::string> body_of(const Note& note, std::string_view title, const TemplateShape& shape);

// Indices of the body lines that are entries (not fenced, blank, placeholder, footer).
std::vector<size_t> entry_lines(const std::vector<std::string>& body, const TemplateShape& shape);

Section& section_for_edit(Note& note, const std::string& title, const TemplateShape& shape,
                          const std::vector<std::string>& order);

// The person a Key Contacts line is about: its first [[link]], else the text
// before a role ("Jane Doe (CTO)", "Jane Doe – CTO"), case-folded.
std::string contact_name(std::string_view line);

// Topics are the same whatever their case and plurals ("Data flows" = "data flow").
std::string topic_merge_key(std::string_view topic);

// "Jane Doe - CTO", "[[Jane Doe]] (CTO)": the contact says more than a name.
bool contact_has_role(std::string_view text);

// A Key Contacts line of dossier's with the person's text ("[[Jane]] - CTO")
// replaced by `text`, its provenance kept.
std::string with_contact_text(std::string_view line, std::string_view text);

// A list section: existing body lines indexed for dedupe, plus the edits the
// batch makes. Ids in the index: body index for existing lines, body size +
// n for the n-th added line. Lines are read (stemmed) in the language of the
// meeting an item comes from: one index per language met, each line read
// once per index.
struct ListPlan {
  std::vector<std::string> body;
  double threshold;
  std::vector<std::pair<std::string, size_t>> entries;  // text, id: what every index holds
  std::map<std::string, DedupeIndex> indexes;           // language -> index
  std::map<size_t, std::string> rewrites;
  std::vector<std::string> added;
  std::vector<std::string> added_keys;     // date_order_key of each added line's meeting
  std::map<size_t, size_t> follows;        // added index -> body line it goes after (the line it supersedes)
  std::set<size_t> removed;                // body lines retracted
  std::set<size_t> touched;                // ids the meeting being merged gave an item to
  std::map<std::string, size_t> contacts;  // contact_name -> id, built on first use
  bool contacts_indexed = false;
  std::optional<SupersedeIndex> supersede_index;  // the lines dossier owns, built on first use
  std::optional<CloseIndex> close_index;          // every entry line, built on first use

  ListPlan(const Note& note, std::string_view title, double threshold_, const TemplateShape& shape)
      : body(body_of(note, title, shape)), threshold(threshold_) {
    for (size_t i : entry_lines(body, shape)) entries.emplace_back(body[i], i);
  }

  std::optional<size_t> find(const DedupeText& text, const std::string& language) {
    auto it = indexes.find(language);
    if (it == indexes.end()) {
      it = indexes.emplace(language, DedupeIndex(threshold, language)).first;
      for (const auto& [line, id] : entries) it->second.add(line, id);
    }
    return it->second.find(text);
  }

  void add(const DedupeText& text, size_t id) {
    entries.emplace_back(text.text(), id);
    for (auto& [language, index] : indexes) index.add(text, id);
    if (supersede_index) supersede_index->set(id, this->text(id));
    if (close_index) close_index->set(id, this->text(id));
  }

  std::string& text(size_t id) {
    if (id >= body.size()) return added[id - body.size()];
    auto it = rewrites.find(id);
    return it != rewrites.end() ? it->second : body[id];
  }
};

// Topics / Themes: one comma-separated line.
struct TopicPlan {
  std::vector<std::string> body;
  std::optional<size_t> line;   // the existing topics line
  std::set<std::string> known;  // dedupe keys of topics present or added
  std::vector<std::string> added;

  TopicPlan(const Note& note, std::string_view title, const TemplateShape& shape)
      : body(body_of(note, title, shape)) {
    for (size_t i : entry_lines(body, shape)) {
      if (!line) line = i;
      std::string_view entries = strip_list_marker(body[i]);
      for (size_t start = 0; start <= entries.size();) {
        size_t comma = std::min(entries.find(',', start), entries.size());
        std::string key = topic_merge_key(entries.substr(start, comma - start));
        if (!key.empty()) known.insert(key);
        start = comma + 1;
      }
    }
  }
};

// Related People: one "- [[Name]]" line each.
struct PeoplePlan {
  std::set<std::string> known;  // case-folded names
  std::vector<std::string> added;

  PeoplePlan(const Note& note, std::string_view title, const TemplateShape& shape) {
    std::vector<std::string> body = body_of(note, title, shape);
    for (size_t i : entry_lines(body, shape)) {
      std::vector<std::string> targets = wikilink_targets(body[i]);
      if (targets.empty()) targets.push_back(casefold(strip_list_marker(body[i])));
      known.insert(targets.begin(), targets.end());
    }
  }
};

// Recent Context: one line per meeting, newest first.
struct ContextEntry {
  std::string date;
  size_t order = 0;
  std::string line;
};

struct ContextPlan {
  std::vector<std::string> body;
  std::set<std::string> linked;  // case-folded meeting names the section links to
  std::vector<ContextEntry> added;
  std::map<size_t, std::string> rewrites;  // a revised meeting's line, said anew
  std::set<size_t> removed;                // lines of meetings that no longer name the customer

  ContextPlan(const Note& note, std::string_view title, const TemplateShape& shape)
      : body(body_of(note, title, shape)) {
    for (size_t i : entry_lines(body, shape)) {
      for (std::string& target : wikilink_targets(body[i])) linked.insert(std::move(target));
    }
  }
};

}  // namespace dossier::merging
