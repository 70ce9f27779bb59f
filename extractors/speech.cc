#include "extractors/speech.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "util/text.h"
#include "util/unicode.h"

namespace dossier {
namespace {

struct SpeechToken {
  std::string text;  // as written, punctuation attached
  std::string core;  // lower case, leading and trailing punctuation removed
};

bool is_edge_punct(char c) {
  return c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '"' || c == '(' ||
         c == ')' || c == '*' || c == '_';
}

std::string core_of(std::string_view w) {
  size_t b = 0, e = w.size();
  while (b < e && is_edge_punct(w[b])) ++b;
  while (e > b && is_edge_punct(w[e - 1])) --e;
  std::string out(w.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

char trailing_punct(const std::string& w) {
  for (size_t i = w.size(); i > 0; --i) {
    char c = w[i - 1];
    if (c == '.' || c == '!' || c == '?' || c == ',' || c == ';' || c == ':') return c;
    if (c != '"' && c != ')' && c != '*' && c != '_') break;
  }
  return 0;
}

bool is_filler(const std::string& w) {
  if (w.empty()) return false;
  if (w == "mm-hmm" || w == "uh-huh" || w == "mhm" || w == "er" || w == "ah" || w == "eh" || w == "hm")
    return true;
  // um, umm, uh, uhh, erm, hmm, mm, mmm
  auto run_of = [&](std::string_view head, char repeat) {
    if (!w.starts_with(head)) return false;
    return std::all_of(w.begin() + static_cast<long>(head.size()), w.end(),
                       [&](char c) { return c == repeat; });
  };
  return run_of("um", 'm') || run_of("uh", 'h') || run_of("erm", 'm') || run_of("hmm", 'm') ||
         run_of("mm", 'm');
}

// "des-", "w-": a word broken off and started again.
bool is_false_start(const SpeechToken& t) {
  const std::string& w = t.text;
  size_t end = w.find_last_not_of(",.;:");
  return end != std::string::npos && end > 0 && w[end] == '-' && w[end - 1] != '-' && t.core != "-";
}

bool is_markup(std::string_view w) {
  if (w.empty()) return true;
  if (w.front() == '<' && w.back() == '>') return true;
  if (w == "**" || w == "__" || w == "-" || w == "--" || w == "\xE2\x80\x94") return true;
  // "[00:01:02]", "(00:04)": a timestamp left in the words
  if ((w.front() == '[' || w.front() == '(') && w.find(':') != std::string_view::npos &&
      std::all_of(w.begin() + 1, w.end() - 1,
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }))
    return true;
  return false;
}

std::vector<SpeechToken> tokenize(std::string_view s) {
  std::vector<SpeechToken> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) {
      std::string_view w = s.substr(i, j - i);
      if (!is_markup(w)) out.push_back({std::string(w), core_of(w)});
    }
    i = j;
  }
  return out;
}

// Drops token i; a sentence end it carried moves to the token before.
void erase_keeping_end(std::vector<SpeechToken>& t, size_t i) {
  char p = trailing_punct(t[i].text);
  bool last = i + 1 == t.size();
  t.erase(t.begin() + static_cast<long>(i));
  if (last && i > 0 && (p == '.' || p == '!' || p == '?')) {
    SpeechToken& prev = t[i - 1];
    while (!prev.text.empty() &&
           (prev.text.back() == ',' || prev.text.back() == ';' || prev.text.back() == ':'))
      prev.text.pop_back();
    if (!trailing_punct(prev.text)) prev.text += p;
  }
}

bool drop_fillers(std::vector<SpeechToken>& t) {
  bool changed = false;
  for (size_t i = 0; i < t.size();) {
    bool drop = is_filler(t[i].core) || is_false_start(t[i]);
    // "I mean" and "you know" as fillers ("do you know", "you know what" are questions)
    if (!drop && i + 1 < t.size()) {
      bool i_mean = t[i].core == "i" && t[i + 1].core == "mean";
      bool you_know = t[i].core == "you" && t[i + 1].core == "know";
      if (you_know) {
        static constexpr std::array<std::string_view, 7> kAsk{"do", "did", "don't", "if", "as", "you", "so"};
        static constexpr std::array<std::string_view, 9> kObject{"that", "what",  "how",  "if", "whether",
                                                                 "who",  "where", "when", "why"};
        bool asked = i > 0 && std::find(kAsk.begin(), kAsk.end(), t[i - 1].core) != kAsk.end();
        bool object = i + 2 < t.size() && !trailing_punct(t[i + 1].text) &&
                      std::find(kObject.begin(), kObject.end(), t[i + 2].core) != kObject.end();
        you_know = !asked && !object;
      }
      if (i_mean || you_know) {
        erase_keeping_end(t, i + 1);
        erase_keeping_end(t, i);
        changed = true;
        continue;
      }
    }
    if (drop) {
      // "we have, uh, three" -> "we have three": the commas only fenced the filler off.
      if (i > 0 && trailing_punct(t[i].text) == ',' && t[i - 1].text.ends_with(",")) t[i - 1].text.pop_back();
      erase_keeping_end(t, i);
      changed = true;
      continue;
    }
    ++i;
  }
  return changed;
}

bool drop_doubles(std::vector<SpeechToken>& t) {
  bool changed = false;
  for (size_t i = 1; i < t.size();) {
    // "the the", "I'm, I'm", "we we've", "double double-curved": a word said
    // again, maybe as the start of a contraction or compound.
    const std::string& left = t[i - 1].core;
    const std::string& right = t[i].core;
    std::string_view head = std::string_view(right).substr(0, right.find_first_of("'-"));
    size_t tail_at = left.find_last_of("'-");
    std::string_view tail =
        tail_at == std::string::npos ? std::string_view(left) : std::string_view(left).substr(tail_at + 1);
    if (!right.empty() && right != left && tail == right && tail_at != std::string::npos) {
      t.erase(t.begin() + static_cast<long>(i));  // "re-do do": the second is the echo
      changed = true;
      continue;
    }
    if (!right.empty() && (right == left || head == left)) {
      t.erase(t.begin() + static_cast<long>(i - 1));
      changed = true;
      continue;
    }
    if (i >= 3 && t[i].core == t[i - 2].core && t[i - 1].core == t[i - 3].core && !t[i].core.empty()) {
      t.erase(t.begin() + static_cast<long>(i - 3), t.begin() + static_cast<long>(i - 1));  // "of the of the"
      changed = true;
      i = std::max<size_t>(1, i - 2);
      continue;
    }
    ++i;
  }
  return changed;
}

bool is_pronoun(const std::string& w) {
  static constexpr std::array<std::string_view, 20> kPronouns{
      "i",  "we",    "you",  "they", "it",   "that",  "this",  "he",    "she",    "there",
      "so", "let's", "i'll", "i'm",  "i've", "we'll", "we're", "we've", "you'll", "they'll"};
  return std::find(kPronouns.begin(), kPronouns.end(), w) != kPronouns.end();
}

// "Yeah, and so we ..." -> "we ...".
void drop_leading_markers(std::vector<SpeechToken>& t) {
  static constexpr std::array<std::string_view, 14> kAlways{"yeah", "yes",  "yep",    "okay",    "ok",
                                                            "so",   "and",  "oh",     "alright", "anyway",
                                                            "cool", "sure", "mm-hmm", "uh-huh"};
  static constexpr std::array<std::string_view, 6> kWithComma{"well", "right", "now",
                                                              "good", "then",  "great"};
  while (t.size() > 2) {
    const SpeechToken& w = t.front();
    bool always = std::find(kAlways.begin(), kAlways.end(), w.core) != kAlways.end();
    bool comma = trailing_punct(w.text) != 0 || is_pronoun(t[1].core);
    bool with_comma = comma && std::find(kWithComma.begin(), kWithComma.end(), w.core) != kWithComma.end();
    if (!always && !with_comma) break;
    t.erase(t.begin());
  }
}

// "..., right?" / "..., you know?" -> "...".
void drop_trailing_tag(std::vector<SpeechToken>& t) {
  if (t.size() < 3) return;
  char end = trailing_punct(t.back().text);
  if (end != '?') return;
  size_t n = 0;
  const std::string& last = t.back().core;
  if (last == "right" || last == "yeah" || last == "okay" || last == "ok" || last == "no")
    n = 1;
  else if (t.size() >= 4 && ((t[t.size() - 2].core == "you" && last == "know") ||
                             (t[t.size() - 2].core == "isn't" && last == "it") ||
                             (t[t.size() - 2].core == "don't" && last == "you")))
    n = 2;
  if (n == 0) return;
  t.erase(t.end() - static_cast<long>(n), t.end());
  SpeechToken& prev = t.back();
  while (!prev.text.empty() && (prev.text.back() == ',' || prev.text.back() == ';')) prev.text.pop_back();
  if (!trailing_punct(prev.text)) prev.text += '.';
}

void capitalise_first(std::string& s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
}

}  // namespace

std::string clean_speech(std::string_view sentence) {
  std::vector<SpeechToken> t = tokenize(sentence);
  for (int round = 0; round < 4; ++round) {
    bool changed = drop_fillers(t);
    changed = drop_doubles(t) || changed;
    if (!changed) break;
  }
  drop_leading_markers(t);
  drop_trailing_tag(t);
  if (t.size() == 1 &&
      (t[0].core == "yeah" || t[0].core == "okay" || t[0].core == "ok" || t[0].core == "right"))
    return "";
  std::string out;
  for (const SpeechToken& tok : t) {
    if (!out.empty()) out += ' ';
    out += tok.text;
  }
  size_t b = 0;
  while (b < out.size() &&
         (out[b] == ',' || out[b] == ';' || out[b] == ':' || out[b] == '.' || out[b] == ' '))
    ++b;
  out.erase(0, b);
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':' || out.back() == ' '))
    out.pop_back();
  capitalise_first(out);
  return out;
}

std::string cap_spoken_length(std::string_view text, size_t max_chars) {
  // Byte offset of the max_chars-th code point.
  size_t chars = 0, limit = text.size();
  for (size_t i = 0; i < text.size();) {
    if (chars == max_chars) {
      limit = i;
      break;
    }
    char32_t cp;
    i += decode_utf8(text, i, cp);
    ++chars;
  }
  if (limit == text.size()) return std::string(text);
  std::string_view head = text.substr(0, limit);
  for (std::string_view end : {". ", "? ", "! "}) {
    size_t at = head.rfind(end);
    if (at != std::string_view::npos && at > max_chars / 3) return std::string(head.substr(0, at + 1));
  }
  size_t cut = std::string_view::npos;
  for (std::string_view brk : {", ", "; ", " - "}) {
    size_t at = head.rfind(brk);
    if (at != std::string_view::npos && at > max_chars / 2 && (cut == std::string_view::npos || at > cut))
      cut = at;
  }
  if (cut == std::string_view::npos) cut = head.rfind(' ');
  if (cut == std::string_view::npos || cut == 0) cut = previous_char_start(head, head.size());
  // Leave room for the ellipsis within the limit.
  std::string out(head.substr(0, cut));
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ' ')) out.pop_back();
  if (chars >= max_chars && out.size() + 3 > limit) {
    size_t space = out.rfind(' ');
    if (space != std::string::npos) out.resize(space);
  }
  return out + "\xE2\x80\xA6";
}

}  // namespace dossier
