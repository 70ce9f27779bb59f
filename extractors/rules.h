// The rule set of the rules extractor: data, not code. Loaded from the
// built-in templates/rules/default.yaml plus the user's rule files
// (Config::rules), compiled once, then only read.
//
// YAML format (a Python baseline reads the same keys):
//   headings: {decision: [Decisions, Key Decisions], next_step: [Action Items], ...}
//   markers:  [{kind: decision, pattern: '(?i)^decision:\s*'}, ...]  # at the start of a block; stripped
//   cues:     [{kind: next_step, pattern: "(?i)\\bI'll send\\b"}, ...] # anywhere in a sentence
//   hedges:   ['(?i)\bcould maybe\b', '\?', ...]                     # no decision/next_step from a cue
#pragma once
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extractors/noise.h"
#include "vault/config.h"
#include "vault/item.h"

namespace dossier {

struct PatternRule {
  ItemKind kind = ItemKind::fact;  // unused for hedges
  std::string pattern;             // RE2 syntax
  std::string file;                // where it was written, for errors
  int line = 0;
};

struct HeadingRule {
  ItemKind kind = ItemKind::fact;
  std::string name;  // as written ("Key Decisions")
  std::string key;   // normalised for matching (casefolded, trimmed)
};

struct CompiledRules;  // RE2 objects; see rules.cc
struct DialogueModel;  // dialogue.h
struct RuleSet;

// A rule set compiled on first use, from any thread. A language pack costs
// as much to compile as the base rules, and most runs (and every post-meeting
// hook) meet one language: the others are never compiled.
class LazyRuleSet {
 public:
  explicit LazyRuleSet(std::shared_ptr<RuleSet> uncompiled) : rules_(std::move(uncompiled)) {}
  const RuleSet& compiled() const;  // throws ConfigError like compile_rules

 private:
  mutable std::once_flag once_;
  std::shared_ptr<RuleSet> rules_;
};

// A built-in language pack (templates/rules/lang/*.yaml) joined to the rules.
struct LanguageRules {
  std::string code;                          // "de"
  std::vector<std::string> stopwords;        // casefolded, for detection
  std::shared_ptr<const LazyRuleSet> rules;  // the base rules plus the pack
};

struct RuleSet {
  std::vector<HeadingRule> headings;
  std::vector<PatternRule> markers;
  std::vector<PatternRule> cues;
  std::vector<PatternRule> hedges;
  // A file's `language: {code, stopwords}`: what language its rules are for.
  std::string language;
  std::vector<std::string> stopwords;
  std::vector<std::string> common_words;  // `language: common`: never the edge of a key phrase
  // The language packs, each merged with these rules (filled by load_rules).
  std::vector<LanguageRules> languages;
  // Built by compile_rules; shared so that copies of a RuleSet stay cheap.
  std::shared_ptr<const CompiledRules> compiled;
  // Decisions and next steps in conversation (templates/dialogue.yaml);
  // builtin_rules and load_rules set it.
  std::shared_ptr<const DialogueModel> dialogue;
  // The noise stage's patterns (noise.h), set by load_rules and builtin_rules;
  // null: nothing is noise.
  std::shared_ptr<const NoiseFilter> noise;
};

// Parses one rule file. Throws ConfigError(file, line, message) for YAML that
// does not parse, an unknown key or kind, or a pattern that is not a string.
RuleSet parse_rules(std::string_view yaml, const std::string& file);

// Appends `more` to `into` (user rules extend the built-in ones). Drops any
// compiled form: call compile_rules again.
void merge_rules(RuleSet& into, const RuleSet& more);

// Compiles every pattern. Throws ConfigError naming the file and line of the
// first pattern RE2 rejects.
void compile_rules(RuleSet& rules);

// The built-in rule set plus `config.rules` (paths relative to `vault_root`),
// compiled. Throws ConfigError for unreadable or invalid rule files.
RuleSet load_rules(const Config& config, const std::filesystem::path& vault_root);

// The rules for one meeting: the pack named by `lang` (frontmatter `lang:`,
// "de" or "de-DE"), else the pack whose stopwords `text` uses most (when
// they clearly outnumber the base language's), else `rules` itself.
const RuleSet& rules_for_language(const RuleSet& rules, std::string_view lang, std::string_view text);

// Kind of items listed under a heading ("Key Decisions" -> decision). The
// heading matches a rule name exactly or starts with it as a whole word
// ("Next steps (owners)"), ignoring case, emoji and trailing punctuation.
std::optional<ItemKind> heading_kind(const RuleSet& rules, std::string_view heading);

struct MarkerMatch {
  ItemKind kind = ItemKind::fact;
  size_t length = 0;  // bytes of `text` the marker covers (to strip)
};
// The first marker (in rule order) matching at the start of `text`, or right
// after a short name that says whom it is about ("Acme: decision: ...")
// unless `after_subject` is false.
std::optional<MarkerMatch> match_marker(const RuleSet& rules, std::string_view text,
                                        bool after_subject = true);

struct CueMatch {
  ItemKind kind = ItemKind::fact;
  size_t begin = 0, end = 0;  // the cue phrase in the sentence
};
// The cue matching earliest in `sentence` (rule order breaks ties); a fact
// cue only when no cue of another kind matches. Summary cues are not items.
std::optional<CueMatch> match_cue(const RuleSet& rules, std::string_view sentence);

// A closing summary's opening words at the start of `sentence` ("So to sum
// up:", cues of kind `summary`): the offset where the summary itself starts.
std::optional<size_t> match_summary_cue(const RuleSet& rules, std::string_view sentence);

// True when the sentence only discusses ("we could maybe", "should we", "?").
bool is_hedged(const RuleSet& rules, std::string_view sentence);

// For tests:

// Only the built-in rules, compiled.
RuleSet builtin_rules();

}  // namespace dossier
