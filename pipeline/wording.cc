#include "pipeline/wording.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "pipeline/dedupe.h"
#include "util/error.h"
#include "util/text.h"
#include "util/unicode.h"
#include "vault/meeting.h"
#include "vault/templates.h"

namespace dossier {
namespace {

struct Capitals {
  std::unordered_set<std::string> names;    // acronyms; with `by_case`, capitalised words inside a sentence
  std::unordered_set<std::string> leading;  // capitalised words that open a sentence: a name or not
};

// Capitalised words of `text`, case-folded.
Capitals capitals_in(std::string_view text, bool by_case) {
  Capitals out;
  std::vector<WordSpan> words = word_spans(text, {is_word_char, kApostrophes, {}});
  for (size_t i = 0; i < words.size(); ++i) {
    size_t gap = i == 0 ? 0 : words[i - 1].end;
    std::string_view between = text.substr(gap, words[i].begin - gap);
    bool sentence_start = i == 0 || between.find_first_of(".!?:;\n") != std::string_view::npos;
    const std::string& word = words[i].text;
    if (all_capitals(word) || (by_case && !sentence_start && starts_upper(word) && !has_digit(word)))
      out.names.insert(casefold(word));
    else if (sentence_start && starts_upper(word) && !has_digit(word))
      out.leading.insert(casefold(word));
  }
  return out;
}

// Two stems of one word the stemmer left apart ("goe" / "go", "write" /
// "written", "colour" / "color"): a common start covering most of the shorter.
bool stem_variants(std::string_view a, std::string_view b) {
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  return common >= 2 && common * 4 >= std::min(a.size(), b.size()) * 3;
}

void read_set(const YAML::Node& node, std::unordered_set<std::string>& into) {
  for (const YAML::Node& w : node) into.insert(casefold(w.Scalar()));
}

LanguagePack read_pack(const YAML::Node& pack) {
  LanguagePack out;
  out.names_by_case = pack["names_by_case"].as<bool>(true);
  read_set(pack["stop_words"], out.stop_words);
  read_set(pack["negations"], out.negations);
  read_set(pack["times"], out.times);
  for (const auto& kv : pack["numbers"]) out.numbers[casefold(kv.first.Scalar())] = kv.second.Scalar();
  return out;
}

// The built-in packs, read once: every note section's index needs one.
const std::map<std::string, LanguagePack>& builtin_packs() {
  static const std::map<std::string, LanguagePack> packs = [] {
    auto text = builtin_template("dedupe.yaml");
    if (!text) throw ConfigError("templates/dedupe.yaml", 1, "built-in dedupe language packs missing");
    std::map<std::string, LanguagePack> out;
    for (const auto& kv : YAML::Load(std::string(*text))) out[kv.first.Scalar()] = read_pack(kv.second);
    return out;
  }();
  return packs;
}

LanguagePack load_pack(std::string_view language, std::string& chosen) {
  // "de", "de-AT" and "german" all name the German pack.
  std::string algorithm = snowball_algorithm(language);
  const std::map<std::string, LanguagePack>& packs = builtin_packs();
  for (const auto& [code, pack] : packs)
    if (snowball_algorithm(code) == algorithm) {
      chosen = code;
      return pack;
    }
  chosen = "en";
  return packs.at("en");
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool subset(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

}  // namespace

WordingReader::WordingReader(std::string_view language)
    : pack_(load_pack(language, language_)), stemmer_(language_) {}

Wording WordingReader::read(std::string_view text) const { return read(text, dedupe_key(text)); }

Wording WordingReader::read(std::string_view text, std::string_view key) const {
  Wording w;
  Capitals capitals = capitals_in(text, pack_.names_by_case);
  const std::unordered_set<std::string>& names = capitals.names;
  std::vector<std::string> stop_words;
  for (std::string& word : plain_words(key)) {
    if (auto number = pack_.numbers.find(word); number != pack_.numbers.end()) {
      w.numbers.push_back(number->second);
      w.tokens.push_back(number->second);
    } else if (has_digit(word)) {  // numbers, units glued to them, dates: never stemmed
      w.numbers.push_back(word);
      w.tokens.push_back(std::move(word));
    } else if (pack_.times.count(word)) {
      w.times.push_back(word);
      w.tokens.push_back(std::move(word));
    } else if (names.count(word)) {  // never stemmed; accents as people type them either way ("Zoë", "Zoe")
      std::string name = fold_name(word);
      w.names.push_back(name);
      w.capitals.push_back(name);
      w.tokens.push_back(std::move(name));
    } else if (pack_.negations.count(word)) {
      w.negated = true;
    } else if (pack_.stop_words.count(word)) {
      stop_words.push_back(std::move(word));
    } else {
      std::string stem = fold_name(stemmer_.stem(word));
      if (capitals.leading.count(word)) w.capitals.push_back(stem);
      w.words.push_back(stem);
      w.tokens.push_back(std::move(stem));
    }
  }
  if (w.tokens.empty()) w.tokens = std::move(stop_words);  // "The" alone is still something
  sort_unique(w.tokens);
  sort_unique(w.numbers);
  sort_unique(w.names);
  sort_unique(w.times);
  sort_unique(w.capitals);
  sort_unique(w.words);
  return w;
}

double similarity(const Wording& a, const Wording& b) {
  if (a.tokens.empty() && b.tokens.empty()) return 1.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.tokens.size() && j < b.tokens.size();) {
    int c = a.tokens[i].compare(b.tokens[j]);
    if (c == 0)
      ++common, ++i, ++j;
    else if (c < 0)
      ++i;
    else
      ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.tokens.size() + b.tokens.size() - common);
}

namespace {

// Capitalised words of `a` (names, or words opening a sentence) that `b`
// does not have.
bool capital_missing(const Wording& a, const Wording& b) {
  for (const std::string& c : a.capitals)
    if (!std::binary_search(b.tokens.begin(), b.tokens.end(), c)) return true;
  return false;
}

// Content words of `a` that `b` has in no form.
std::vector<std::string> words_missing(const Wording& a, const Wording& b) {
  std::vector<std::string> out;
  std::set_difference(a.words.begin(), a.words.end(), b.words.begin(), b.words.end(),
                      std::back_inserter(out));
  return out;
}

}  // namespace

bool compatible(const Wording& a, const Wording& b) {
  // A time on one side only ("... today") is a detail; two different ones
  // ("by Friday" / "by Monday", "this year" / "next year") are two items.
  bool times_fit = a.times == b.times || a.times.empty() || b.times.empty();
  if (a.numbers != b.numbers || !times_fit || a.negated != b.negated) return false;
  if (!subset(a.names, b.names) && !subset(b.names, a.names)) return false;
  // "Sam to send ..." / "Dana to send ...", "Acme will ..." / "Globex will ...":
  // a capitalised word on each side the other lacks is another party.
  if (capital_missing(a, b) && capital_missing(b, a)) return false;
  // One side may say more ("Dana confirmed: ..."), but a word put in the
  // place of another ("share" / "delete", "hardware" / "software") makes
  // another item, unless the two are forms of one word.
  std::vector<std::string> only_a = words_missing(a, b), only_b = words_missing(b, a);
  for (auto x = only_a.begin(); x != only_a.end();) {
    auto y = std::find_if(only_b.begin(), only_b.end(),
                          [&](const std::string& w) { return stem_variants(*x, w); });
    if (y == only_b.end()) {
      ++x;
      continue;
    }
    only_b.erase(y);
    x = only_a.erase(x);
  }
  return only_a.empty() || only_b.empty();
}

std::string meeting_language(const Meeting& meeting) {
  for (const char* key : {"language", "lang"})
    if (auto value = frontmatter_string(meeting.note, key); value && !trim(*value).empty())
      return std::string(trim(*value));
  return "en";
}

}  // namespace dossier
