#include "extractors/topics.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "extractors/speech.h"
#include "util/text.h"
#include "util/unicode.h"

namespace dossier {
namespace {

// "clinics" -> "clinic", "companies" -> "company"; short words and "-ss" stay.
std::string singular(std::string word) {
  if (word.size() > 4 && word.ends_with("ies")) return word.substr(0, word.size() - 3) + "y";
  if (word.size() > 3 && word.back() == 's' && !word.ends_with("ss") && !word.ends_with("us") &&
      !word.ends_with("is"))
    word.pop_back();
  return word;
}

struct Token {
  std::string text;            // as written
  std::string folded;          // casefolded
  bool breaks_before = false;  // punctuation between this and the previous token
};

// Letters and ASCII digits make a topic word; hyphens and apostrophes join
// ("follow-up", "that's").
bool is_topic_char(char32_t cp) { return is_letter(cp) || (cp >= '0' && cp <= '9'); }

std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> out;
  size_t gap = 0;
  for (WordSpan& w : word_spans(text, {is_topic_char, {}, U"-'\u2019"})) {
    // punctuation, markup or a line break between
    bool breaks =
        out.empty() || text.substr(gap, w.begin - gap).find_first_not_of(" \t") != std::string_view::npos;
    gap = w.end;
    std::string folded = casefold(w.text);
    out.push_back({std::move(w.text), std::move(folded), breaks});
  }
  return out;
}

bool usable_word(const Token& t, const std::set<std::string>& stop) {
  if (t.folded.size() < 3 || stop.count(t.folded)) return false;
  // Contractions ("that's", "I'll") are speech, not subjects.
  if (t.folded.find('\'') != std::string::npos || t.folded.find("\u2019") != std::string::npos) return false;
  // Fillers ("mm-hmm", "uh-huh") recur in every transcript and are no subject.
  if (clean_speech(t.folded).empty()) return false;
  return !std::all_of(t.folded.begin(), t.folded.end(),
                      [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

// Enough to say what a meeting was about; more reads as a word cloud.
constexpr size_t kMaxKeyPhrases = 4;

}  // namespace

std::string topic_key(std::string_view phrase) {
  std::string key;
  for (const Token& t : tokens_of(phrase)) key += (key.empty() ? "" : " ") + singular(t.folded);
  return key;
}

std::set<std::string> name_words(const std::vector<std::string>& names) {
  std::set<std::string> words;
  for (const std::string& name : names)
    for (const Token& t : tokens_of(name)) words.insert(t.folded);
  return words;
}

std::vector<KeyPhrase> phrase_candidates(const std::vector<Block>& blocks, const RuleSet& rules,
                                         const std::vector<std::string>& exclude,
                                         const std::set<std::string>* excluded_words) {
  std::set<std::string> stop(rules.stopwords.begin(), rules.stopwords.end());
  stop.insert(rules.common_words.begin(), rules.common_words.end());
  const std::set<std::string> excluded = name_words(exclude);
  auto is_name = [&](const std::string& folded) {
    return excluded.count(folded) || (excluded_words && excluded_words->count(folded));
  };
  std::map<std::string, KeyPhrase> found;
  for (const Block& b : blocks) {
    if (b.in_code || b.kind == BlockKind::code) continue;
    std::vector<Token> tokens = tokens_of(b.masked);
    // What each token is, worked out once for the up to three phrases it is in.
    std::vector<char> usable(tokens.size()), blocked(tokens.size());
    std::vector<std::string> singulars(tokens.size());
    for (size_t k = 0; k < tokens.size(); ++k) {
      usable[k] = usable_word(tokens[k], stop);
      blocked[k] = !usable[k] || is_name(tokens[k].folded);
      singulars[k] = singular(tokens[k].folded);
    }
    for (size_t i = 0; i < tokens.size(); ++i) {
      for (size_t n = 1; n <= 3 && i + n <= tokens.size(); ++n) {
        if (n > 1 && tokens[i + n - 1].breaks_before) break;
        if (!usable[i] || !usable[i + n - 1]) continue;
        bool names = false;
        for (size_t k = i; k < i + n && !names; ++k)
          names = blocked[k] ||
                  (k > i && tokens[k].folded == tokens[k - 1].folded);  // "beep beep": speech, not a subject
        if (names) continue;
        std::string key = singulars[i];
        for (size_t k = i + 1; k < i + n; ++k) key += " " + singulars[k];
        KeyPhrase& p = found[key];
        if (p.count++ == 0) {
          p.text = tokens[i].text;
          for (size_t k = i + 1; k < i + n; ++k) p.text += " " + tokens[k].text;
          p.key = std::move(key);
          p.line = b.line;
        }
      }
    }
  }
  std::vector<KeyPhrase> out;
  for (auto& [key, p] : found) out.push_back(std::move(p));
  std::sort(out.begin(), out.end(), [](const KeyPhrase& a, const KeyPhrase& b) { return a.line < b.line; });
  return out;
}

std::vector<std::string> recurring_keys(const std::vector<KeyPhrase>& phrases) {
  std::vector<std::string> keys;
  for (const KeyPhrase& p : phrases)
    if (p.count >= 2) keys.push_back(p.key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

void count_phrases(const std::vector<std::string>& keys, PhraseCounts& counts) {
  ++counts.meetings;
  for (const std::string& key : keys) ++counts.meetings_with[key];
}

void add_counts(const PhraseCounts& other, PhraseCounts& counts) {
  counts.meetings += other.meetings;
  for (const auto& [key, meetings] : other.meetings_with) counts.meetings_with[key] += meetings;
}

std::vector<KeyPhrase> key_phrases(std::vector<KeyPhrase> candidates, const PhraseCounts& counts) {
  auto words = [](const KeyPhrase& p) { return 1 + std::count(p.key.begin(), p.key.end(), ' '); };
  // Single words need to recur more to be a theme rather than vocabulary.
  std::erase_if(candidates, [&](const KeyPhrase& p) { return p.count < (words(p) == 1 ? 4 : 2); });
  // A phrase inside a longer one seen as often says nothing more.
  std::vector<KeyPhrase> kept;
  for (const KeyPhrase& p : candidates) {
    bool inside = std::any_of(candidates.begin(), candidates.end(), [&](const KeyPhrase& q) {
      return words(q) > words(p) && q.count >= p.count &&
             (" " + q.key + " ").find(" " + p.key + " ") != std::string::npos;
    });
    if (!inside) kept.push_back(p);
  }
  // A phrase that recurs in most of the other meetings is what every
  // meeting says, however often this one says it.
  std::erase_if(kept, [&](const KeyPhrase& p) {
    if (counts.meetings < 3) return false;
    auto it = counts.meetings_with.find(p.key);
    int elsewhere = it == counts.meetings_with.end() ? 0 : it->second - 1;  // the meeting itself counts once
    return elsewhere * 2 > counts.meetings - 1;
  });
  auto score = [&](const KeyPhrase& p) {
    double rarity = 1.0;
    if (counts.meetings > 1) {
      auto it = counts.meetings_with.find(p.key);
      int df = it == counts.meetings_with.end() ? 1 : it->second;
      rarity = std::log((counts.meetings + 1.0) / df);
    }
    return p.count * (1.0 + 0.5 * static_cast<double>(words(p) - 1)) * rarity;
  };
  std::stable_sort(kept.begin(), kept.end(),
                   [&](const KeyPhrase& a, const KeyPhrase& b) { return score(a) > score(b); });
  std::erase_if(kept, [&](const KeyPhrase& p) { return score(p) <= 0.0; });
  if (kept.size() > kMaxKeyPhrases) kept.resize(kMaxKeyPhrases);
  if (kept.size() < 2) kept.clear();
  return kept;
}

}  // namespace dossier
