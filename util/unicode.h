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
// At least two letters, every one of them upper- or title-case ("AWS", "B2B").
bool all_capitals(std::string_view word);
bool is_upper(char32_t cp);  // upper- or title-case letter
bool is_lower(char32_t cp);
// Letters, digits, marks and '_': what a whole-word match must not touch.
bool is_word_char(char32_t cp);

// The runs of word characters of `text`, as written; an apostrophe (' or ’)
// inside a word vanishes ("it's" -> "its", "don't" -> "dont").
std::vector<std::string> plain_words(std::string_view text);

}  // namespace dossier
