// Small Unicode helpers for the extractors: word characters and capital
// letters beyond ASCII ("Ørsted", "Éclair Labs"), decoded with utf8proc.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Decodes the code point at `pos`; returns its byte length (1 for an invalid
// byte, which is then reported as U+FFFD).
size_t decode_utf8(std::string_view text, size_t pos, char32_t& cp);
// Start of the code point that ends just before `pos` (pos > 0).
size_t previous_char_start(std::string_view text, size_t pos);
// Start of the code point byte `pos` belongs to (`text.size()` at or past the end).
size_t char_start(std::string_view text, size_t pos);
// `s` cut to at most `max_bytes`, never in the middle of a character.
std::string truncate_utf8(std::string s, size_t max_bytes);

bool is_letter(char32_t cp);
// Whether `word` starts with an upper- or title-case letter.
bool starts_upper(std::string_view word);
// Whether `word` starts with a lower-case letter.
bool starts_lower(std::string_view word);
// At least two letters, every one of them upper- or title-case ("AWS", "B2B").
bool all_capitals(std::string_view word);
bool is_upper(char32_t cp);  // upper- or title-case letter
bool is_lower(char32_t cp);
// Letters, digits, marks and '_': what a whole-word match must not touch.
bool is_word_char(char32_t cp);

// The shape of a person's name: 1-4 words, one space between each, each
// starting with a capital letter and made of letters, apostrophes (' ’),
// hyphens and dots ("Mary-Ann O'Neil", "J. Doe"); at most 60 bytes. With
// `numbers`, digits may stand in a word too, and a word after the first may
// be a number ("Speaker 2", "R2D2").
bool looks_like_name(std::string_view name, bool numbers);

// How text is cut into words: a word is a run of `is_word` characters. A
// character of `dropped` vanishes without ending a word ("it's" -> "its"
// with "'"). A character of `joiners` stays inside a word that has begun,
// unless it is the last character of the text ("follow-up" with "-").
// Every other character ends a word.
struct WordRules {
  bool (*is_word)(char32_t) = is_word_char;
  std::u32string_view dropped;
  std::u32string_view joiners;
};

// A word of a text: the bytes [begin, end) it spans, and its text (those
// bytes without the dropped characters).
struct WordSpan {
  std::string text;
  size_t begin = 0, end = 0;
};

std::vector<WordSpan> word_spans(std::string_view text, const WordRules& rules);
// The words' texts only.
std::vector<std::string> split_words(std::string_view text, const WordRules& rules);

// The runs of word characters of `text`, as written; an apostrophe (' or ’)
// inside a word vanishes ("it's" -> "its", "don't" -> "dont").
inline constexpr std::u32string_view kApostrophes = U"'\u2019";
std::vector<std::string> plain_words(std::string_view text);

}  // namespace dossier
