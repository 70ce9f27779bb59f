#include "util/unicode.h"

#include <utf8proc.h>

#include <algorithm>

#include "util/text.h"

namespace dossier {

size_t decode_utf8(std::string_view text, size_t pos, char32_t& cp) {
  utf8proc_int32_t c = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                            static_cast<utf8proc_ssize_t>(text.size() - pos), &c);
  if (n <= 0) {
    cp = 0xFFFD;
    return 1;
  }
  cp = static_cast<char32_t>(c);
  return static_cast<size_t>(n);
}

static char32_t first_char(std::string_view word) {
  char32_t cp;
  decode_utf8(word, 0, cp);
  return cp;
}

bool starts_upper(std::string_view word) { return !word.empty() && is_upper(first_char(word)); }

bool starts_lower(std::string_view word) { return !word.empty() && is_lower(first_char(word)); }

bool all_capitals(std::string_view word) {
  int letters = 0;
  for (size_t i = 0; i < word.size();) {
    char32_t cp;
    size_t n = decode_utf8(word, i, cp);
    if (is_letter(cp)) {
      if (!is_upper(cp)) return false;
      ++letters;
    }
    i += n;
  }
  return letters >= 2;
}

size_t char_start(std::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

size_t previous_char_start(std::string_view text, size_t pos) { return char_start(text, pos - 1); }

std::string truncate_utf8(std::string s, size_t max_bytes) {
  if (s.size() > max_bytes) s.resize(char_start(s, max_bytes));
  return s;
}

static utf8proc_category_t category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  auto c = category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool is_upper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  auto c = category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool is_lower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return category(cp) == UTF8PROC_CATEGORY_LL;
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  auto c = category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

bool looks_like_name(std::string_view name, bool numbers) {
  if (name.empty() || name.size() > 60) return false;
  int words = 0;
  for (size_t i = 0; i < name.size();) {
    size_t end = std::min(name.find(' ', i), name.size());
    std::string_view word = name.substr(i, end - i);
    if (word.empty() || ++words > 4) return false;
    char32_t cp;
    decode_utf8(word, 0, cp);
    bool number = numbers && words > 1 && std::all_of(word.begin(), word.end(), is_ascii_digit);
    if (!is_upper(cp) && !number) return false;
    for (size_t k = 0; k < word.size();) {
      size_t n = decode_utf8(word, k, cp);
      if (!(is_letter(cp) || (numbers && cp >= '0' && cp <= '9') || cp == '\'' || cp == '-' || cp == '.' ||
            cp == U'\u2019'))
        return false;
      k += n;
    }
    i = end + 1;
  }
  return true;
}

std::vector<WordSpan> word_spans(std::string_view text, const WordRules& rules) {
  std::vector<WordSpan> words;
  WordSpan word;
  bool open = false;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t n = decode_utf8(text, i, cp);
    if (rules.is_word(cp) ||
        (open && i + n < text.size() && rules.joiners.find(cp) != std::u32string_view::npos)) {
      if (!open) word.begin = i;
      open = true;
      word.text.append(text, i, n);
      word.end = i + n;
    } else if (rules.dropped.find(cp) == std::u32string_view::npos && open) {
      words.push_back(std::move(word));
      word = {};
      open = false;
    }
    i += n;
  }
  if (open) words.push_back(std::move(word));
  return words;
}

std::vector<std::string> split_words(std::string_view text, const WordRules& rules) {
  std::vector<std::string> out;
  for (WordSpan& w : word_spans(text, rules)) out.push_back(std::move(w.text));
  return out;
}

std::vector<std::string> plain_words(std::string_view text) {
  return split_words(text, {is_word_char, kApostrophes, {}});
}

}  // namespace dossier
