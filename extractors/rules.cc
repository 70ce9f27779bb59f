#include "extractors/rules.h"

#include "extractors/dialogue.h"

#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/templates.h"
#include "vault/yaml_file.h"

namespace dossier {

// Each pattern compiled alone (for match spans) and all of one family in an
// RE2::Set, so that a block costs one pass per family however many rules.
struct CompiledRules {
  std::vector<std::unique_ptr<RE2>> markers, cues, hedges;
  std::unique_ptr<RE2::Set> marker_set, cue_set, hedge_set;
};

namespace {

ItemKind read_kind(const std::string& file, const YAML::Node& node) {
  if (!node.IsScalar()) fail_at(file, node, "'kind' must be one of the item kinds");
  auto kind = parse_item_kind(node.Scalar());
  if (!kind) {
    std::string known;
    for (ItemKind k : all_item_kinds()) known += (known.empty() ? "" : ", ") + std::string(to_string(k));
    fail_at(file, node, "unknown kind '" + node.Scalar() + "' (known: " + known + ")");
  }
  return *kind;
}

PatternRule read_pattern(const std::string& file, const YAML::Node& node) {
  if (!node.IsScalar()) fail_at(file, node, "a pattern must be a string");
  return PatternRule{ItemKind::fact, node.Scalar(), file, node.Mark().line + 1};
}

// Appends each word of `list`, case-folded; `what` names one in an error.
void append_folded(const std::string& file, const YAML::Node& list, const std::string& what,
                   std::vector<std::string>& into) {
  for (const YAML::Node& w : list) {
    if (!w.IsScalar()) fail_at(file, w, what + " must be a string");
    into.push_back(casefold(w.Scalar()));
  }
}

// Runs `read`, keeping a ConfigError in `errors` instead of stopping there:
// a rule file's author sees every problem in one go.
template <typename Fn>
void collect(std::vector<InputError>& errors, Fn read) {
  try {
    read();
  } catch (const ConfigError& e) {
    errors.push_back(e);
  }
}

std::vector<PatternRule> read_kind_patterns(const std::string& file, const YAML::Node& list,
                                            const std::string& key, std::vector<InputError>& errors) {
  if (!list.IsSequence()) fail_at(file, list, "'" + key + "' must be a list of {kind, pattern}");
  std::vector<PatternRule> out;
  for (const YAML::Node& entry : list)
    collect(errors, [&] {
      if (!entry.IsMap()) fail_at(file, entry, "each of '" + key + "' must be a map {kind, pattern}");
      std::optional<ItemKind> kind;
      std::optional<PatternRule> rule;
      for (const auto& kv : entry) {
        std::string k = kv.first.Scalar();
        if (k == "kind")
          kind = read_kind(file, kv.second);
        else if (k == "pattern")
          rule = read_pattern(file, kv.second);
        else
          fail_at(file, kv.first, "unknown key '" + k + "' in '" + key + "' (known: kind, pattern)");
      }
      if (!kind || !rule) fail_at(file, entry, "each of '" + key + "' needs both 'kind' and 'pattern'");
      rule->kind = *kind;
      out.push_back(std::move(*rule));
    });
  return out;
}

// "✅ Key Decisions:" -> "key decisions"; "TL;DR" -> "tl dr".
std::string heading_key(std::string_view heading) { return join(split_words(casefold(heading), {}), " "); }

std::unique_ptr<RE2> compile_one(const PatternRule& rule) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(rule.pattern, options);
  if (!re->ok())
    throw ConfigError(rule.file, rule.line, "bad pattern '" + rule.pattern + "': " + re->error());
  return re;
}

void compile_family(const std::vector<PatternRule>& rules, RE2::Anchor anchor,
                    std::vector<std::unique_ptr<RE2>>& each, std::unique_ptr<RE2::Set>& set) {
  RE2::Options options;
  options.set_log_errors(false);
  set = std::make_unique<RE2::Set>(options, anchor);
  for (const PatternRule& rule : rules) {
    each.push_back(compile_one(rule));
    std::string error;
    if (set->Add(rule.pattern, &error) < 0)
      throw ConfigError(rule.file, rule.line, "bad pattern '" + rule.pattern + "': " + error);
  }
  if (!set->Compile())
    throw ConfigError(rules.empty() ? "rules" : rules.front().file, 1, "rule patterns too large to compile");
}

std::vector<int> set_matches(const RE2::Set* set, size_t size, std::string_view text) {
  std::vector<int> hits;
  if (size == 0 || !set) return hits;
  set->Match(text, &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

const CompiledRules& compiled(const RuleSet& rules) {
  if (!rules.compiled) throw std::logic_error("rule set used before compile_rules");
  return *rules.compiled;
}

}  // namespace

RuleSet parse_rules(std::string_view yaml, const std::string& file) {
  YAML::Node root = parse_yaml(yaml, file);
  RuleSet rules;
  if (root.IsNull()) return rules;
  if (!root.IsMap()) fail_at(file, root, "a rule file must be a map (headings, markers, cues, hedges)");
  std::vector<InputError> errors;
  for (const auto& kv : root)
    collect(errors, [&] {
      std::string key = kv.first.Scalar();
      const YAML::Node& value = kv.second;
      if (key == "headings") {
        if (value.IsNull()) return;
        if (!value.IsMap()) fail_at(file, value, "'headings' must map a kind to a list of headings");
        for (const auto& h : value)
          collect(errors, [&] {
            ItemKind kind = read_kind(file, h.first);
            if (!h.second.IsSequence()) fail_at(file, h.second, "'headings' lists must be lists of names");
            for (const YAML::Node& name : h.second) {
              if (!name.IsScalar()) fail_at(file, name, "a heading must be a string");
              rules.headings.push_back(HeadingRule{kind, name.Scalar(), heading_key(name.Scalar())});
            }
          });
      } else if (key == "markers") {
        if (!value.IsNull()) rules.markers = read_kind_patterns(file, value, key, errors);
      } else if (key == "cues") {
        if (!value.IsNull()) rules.cues = read_kind_patterns(file, value, key, errors);
      } else if (key == "language") {
        if (!value.IsMap()) fail_at(file, value, "'language' must be a map {code, stopwords}");
        for (const auto& l : value) {
          std::string k = l.first.Scalar();
          if (k == "code" && l.second.IsScalar()) {
            rules.language = l.second.Scalar();
          } else if (k == "stopwords" && l.second.IsSequence()) {
            append_folded(file, l.second, "a stopword", rules.stopwords);
          } else if (k == "common" && l.second.IsSequence()) {
            append_folded(file, l.second, "a common word", rules.common_words);
          } else {
            fail_at(file, l.first, "'language' takes 'code' (a string), 'stopwords' and 'common' (lists)");
          }
        }
      } else if (key == "hedges") {
        if (value.IsNull()) return;
        if (!value.IsSequence()) fail_at(file, value, "'hedges' must be a list of patterns");
        for (const YAML::Node& p : value)
          collect(errors, [&] { rules.hedges.push_back(read_pattern(file, p)); });
      } else {
        fail_at(file, kv.first,
                "unknown key '" + key + "' (known: language, headings, markers, cues, hedges)");
      }
    });
  // Every pattern of the file is compiled too, so that a bad one is
  // reported with the others.
  for (const std::vector<PatternRule>* family : {&rules.markers, &rules.cues, &rules.hedges})
    for (const PatternRule& rule : *family) collect(errors, [&] { compile_one(rule); });
  ConfigErrors::throw_if_any(std::move(errors));
  return rules;
}

void merge_rules(RuleSet& into, const RuleSet& more) {
  into.headings.insert(into.headings.end(), more.headings.begin(), more.headings.end());
  into.markers.insert(into.markers.end(), more.markers.begin(), more.markers.end());
  into.cues.insert(into.cues.end(), more.cues.begin(), more.cues.end());
  into.hedges.insert(into.hedges.end(), more.hedges.begin(), more.hedges.end());
  into.common_words.insert(into.common_words.end(), more.common_words.begin(), more.common_words.end());
  into.compiled.reset();
}

const RuleSet& LazyRuleSet::compiled() const {
  std::call_once(once_, [this] { compile_rules(*rules_); });
  return *rules_;
}

void compile_rules(RuleSet& rules) {
  auto c = std::make_shared<CompiledRules>();
  compile_family(rules.markers, RE2::ANCHOR_START, c->markers, c->marker_set);
  compile_family(rules.cues, RE2::UNANCHORED, c->cues, c->cue_set);
  compile_family(rules.hedges, RE2::UNANCHORED, c->hedges, c->hedge_set);
  rules.compiled = std::move(c);
}

namespace {

constexpr std::string_view kBuiltinRules = "rules/default.yaml";
// The built-in language packs, under templates/rules/lang/.
constexpr std::string_view kLanguagePacks[] = {"de", "fr", "es"};

RuleSet parse_builtin(std::string_view name) {
  std::string path = "templates/" + std::string(name);
  auto text = builtin_template(name);
  if (!text) throw ConfigError(path, 1, "built-in rule set missing");
  return parse_rules(*text, path);
}

// Compiles `base`, and joins a copy of it with each language pack, to be
// compiled when a meeting in that language first needs it.
void compile_with_languages(RuleSet& base) {
  for (std::string_view code : kLanguagePacks) {
    RuleSet pack = parse_builtin("rules/lang/" + std::string(code) + ".yaml");
    auto joined = std::make_shared<RuleSet>(base);
    joined->languages.clear();
    merge_rules(*joined, pack);
    joined->language = pack.language;
    joined->stopwords = pack.stopwords;
    base.languages.push_back(
        LanguageRules{pack.language, pack.stopwords, std::make_shared<const LazyRuleSet>(std::move(joined))});
  }
  compile_rules(base);
}

// `rules` with the built-in dialogue model and noise lists, compiled, and
// joined with each language pack.
RuleSet completed(RuleSet rules) {
  rules.dialogue = builtin_dialogue_model();
  rules.noise = builtin_noise();
  compile_with_languages(rules);
  return rules;
}

}  // namespace

RuleSet builtin_rules() { return completed(parse_builtin(kBuiltinRules)); }

RuleSet load_rules(const Config& config, const std::filesystem::path& vault_root) {
  RuleSet rules = parse_builtin(kBuiltinRules);
  std::vector<InputError> errors;
  for (const std::string& relative : config.rules)
    collect(errors, [&] {
      merge_rules(rules, parse_rules(read_config_file(vault_root, relative, "rules", config), relative));
    });
  ConfigErrors::throw_if_any(std::move(errors));
  return completed(std::move(rules));
}

namespace {

int stopword_hits(const std::vector<std::string>& words, const std::vector<std::string>& stopwords) {
  int hits = 0;
  for (const std::string& w : words)
    if (std::find(stopwords.begin(), stopwords.end(), w) != stopwords.end()) ++hits;
  return hits;
}

}  // namespace

const RuleSet& rules_for_language(const RuleSet& rules, std::string_view lang, std::string_view text) {
  std::string code = casefold(trim(lang)).substr(0, 2);
  if (!code.empty()) {
    if (code == rules.language) return rules;
    for (const LanguageRules& l : rules.languages)
      if (l.code == code) return l.rules->compiled();
  }
  if (rules.languages.empty()) return rules;
  std::vector<std::string> words;
  std::string folded = casefold(text.substr(0, 20000));  // enough words to tell
  for (size_t i = 0; i < folded.size();) {
    size_t start = i;
    char32_t cp;
    while (i < folded.size()) {
      size_t n = decode_utf8(folded, i, cp);
      if (!is_letter(cp)) break;
      i += n;
    }
    if (i > start)
      words.push_back(folded.substr(start, i - start));
    else
      i += decode_utf8(folded, i, cp);
  }
  // Another language only when its words clearly outnumber the base's: notes
  // mix in English terms, and a few shared short words prove nothing.
  const LanguageRules* best = nullptr;
  int best_hits = std::max(2, stopword_hits(words, rules.stopwords) * 3 / 2);
  for (const LanguageRules& l : rules.languages)
    if (int hits = stopword_hits(words, l.stopwords); hits > best_hits) {
      best = &l;
      best_hits = hits;
    }
  return best ? best->rules->compiled() : rules;
}

std::optional<ItemKind> heading_kind(const RuleSet& rules, std::string_view heading) {
  std::string key = heading_key(heading);
  if (key.empty()) return std::nullopt;
  for (const HeadingRule& h : rules.headings)
    if (key == h.key) return h.kind;
  for (const HeadingRule& h : rules.headings)
    if (!h.key.empty() && key.size() > h.key.size() && key.compare(0, h.key.size(), h.key) == 0 &&
        key[h.key.size()] == ' ')
      return h.kind;
  return std::nullopt;
}

namespace {

std::optional<MarkerMatch> marker_at_start(const CompiledRules& c, const RuleSet& rules,
                                           std::string_view text) {
  for (int i : set_matches(c.marker_set.get(), c.markers.size(), text)) {
    re2::StringPiece m;
    if (c.markers[i]->Match(text, 0, text.size(), RE2::ANCHOR_START, &m, 1))
      return MarkerMatch{rules.markers[i].kind, m.size()};
  }
  return std::nullopt;
}

// "Acme: ", "Acme Freight - ": a short capitalised name that says whom the
// rest is about, before a marker ("Acme: decision: ..."). Its length, or 0.
size_t subject_prefix(std::string_view text) {
  static const RE2 kSubject(
      R"(^\**[\p{Lu}][\p{L}\p{N}&.'’-]*(?: [\p{Lu}&][\p{L}\p{N}&.'’-]*){0,3}\**\s*(?::|\s[-–—])\s+)");
  re2::StringPiece m;
  if (!kSubject.Match(text, 0, text.size(), RE2::ANCHOR_START, &m, 1)) return 0;
  return m.size();
}

}  // namespace

std::optional<MarkerMatch> match_marker(const RuleSet& rules, std::string_view text, bool after_subject) {
  const CompiledRules& c = compiled(rules);
  if (auto marker = marker_at_start(c, rules, text)) return marker;
  if (!after_subject) return std::nullopt;
  if (size_t prefix = subject_prefix(text); prefix > 0 && prefix < text.size())
    if (auto marker = marker_at_start(c, rules, text.substr(prefix))) {
      marker->length += prefix;
      return marker;
    }
  return std::nullopt;
}

std::optional<CueMatch> match_cue(const RuleSet& rules, std::string_view sentence) {
  const CompiledRules& c = compiled(rules);
  std::optional<CueMatch> best;
  for (int i : set_matches(c.cue_set.get(), c.cues.size(), sentence)) {
    re2::StringPiece m;
    if (rules.cues[i].kind == ItemKind::summary) continue;
    if (!c.cues[i]->Match(sentence, 0, sentence.size(), RE2::UNANCHORED, &m, 1)) continue;
    size_t begin = static_cast<size_t>(m.data() - sentence.data());
    CueMatch cue{rules.cues[i].kind, begin, begin + m.size()};
    // Facts are the weakest reading: any other kind of cue wins over a fact cue.
    bool weaker = cue.kind == ItemKind::fact, best_weaker = best && best->kind == ItemKind::fact;
    if (!best || (best_weaker && !weaker) || (weaker == best_weaker && begin < best->begin)) best = cue;
  }
  return best;
}

std::optional<size_t> match_summary_cue(const RuleSet& rules, std::string_view sentence) {
  const CompiledRules& c = compiled(rules);
  for (int i : set_matches(c.cue_set.get(), c.cues.size(), sentence)) {
    if (rules.cues[i].kind != ItemKind::summary) continue;
    re2::StringPiece m;
    if (c.cues[i]->Match(sentence, 0, sentence.size(), RE2::ANCHOR_START, &m, 1))
      return static_cast<size_t>(m.data() - sentence.data()) + m.size();
  }
  return std::nullopt;
}

bool is_hedged(const RuleSet& rules, std::string_view sentence) {
  const CompiledRules& c = compiled(rules);
  return !set_matches(c.hedge_set.get(), c.hedges.size(), sentence).empty();
}

}  // namespace dossier
