// Byte- and UTF-8-level helpers shared by every stage.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Offset of the first byte that is not part of valid UTF-8, if any.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// Checks that bytes read from `path` are text dossier can safely handle:
// at most `max_bytes` long, no NUL byte, valid UTF-8. Throws InputError
// naming the line of the first offending byte.
void check_text_input(const std::string& path, std::string_view bytes, size_t max_bytes);

// 1-based line number of byte `offset`.
int line_of_offset(std::string_view text, size_t offset);

// Splits into lines, each keeping its own line ending ("\n", "\r\n" or none for
// a last line without one). Concatenating the result gives back `text`.
std::vector<std::string_view> split_lines(std::string_view text);

// A line without its trailing "\n" / "\r\n".
std::string_view strip_eol(std::string_view line);

// The line ending of `line`: "\n", "\r\n" or "" (the last line of a file
// without one).
std::string_view eol_of(std::string_view line);

// The line ending a file mostly uses: "\r\n" if its first line ends so, else "\n".
std::string_view detect_newline(std::string_view text);

std::string_view trim(std::string_view s);
// Without the trailing characters that are in `chars`.
std::string_view rstrip(std::string_view s, std::string_view chars);
// Without trailing spaces and tabs (a line's ending stays).
inline std::string_view rstrip_blanks(std::string_view s) { return rstrip(s, " \t"); }
// A space or a tab.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }
// Nothing but whitespace.
inline bool is_blank(std::string_view line) { return trim(line).empty(); }
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
// Whether `word` holds a digit 0-9.
bool has_digit(std::string_view word);
// Trims and folds every run of whitespace into one space.
std::string collapse_spaces(std::string_view s);
// Unicode case folding (NFKC + casefold via utf8proc); "Ärger" and "ärger" fold equal.
std::string casefold(std::string_view s);
bool iequals(std::string_view a, std::string_view b);  // casefold(a) == casefold(b)
// casefold() with accents dropped as well, for names people type either way:
// "Zoë Álvarez", "zoe alvarez" and "ZOE ALVAREZ" fold equal.
std::string fold_name(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);  // ASCII only

// `text` cut at each of the `separators` that is outside parentheses:
// "Jane (CTO, Acme), Bob" at "," is "Jane (CTO, Acme)" and " Bob".
std::vector<std::string_view> split_outside_parentheses(std::string_view text, std::string_view separators);

// The parts with `separator` between them.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// `text` with each "{{key}}" replaced by value(key), in one pass: a
// substituted value is never scanned again, so a "{{key}}" inside it stays
// literal. A key `value` knows nothing of (nullopt) stays as written.
std::string expand_placeholders(std::string_view text,
                                const std::function<std::optional<std::string>(std::string_view key)>& value);

// FNV-1a, 64 bits, from the given offset basis (the standard one by default):
// a stable hash for content and cache keys, the same on every platform.
inline constexpr uint64_t kFnv1aOffsetBasis = 0xcbf29ce484222325ULL;
uint64_t fnv1a(std::string_view data, uint64_t basis = kFnv1aOffsetBasis);

}  // namespace dossier
