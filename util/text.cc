#include "util/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "util/error.h"

namespace dossier {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence starting at text[i], or 0 if invalid.
// Follows RFC 3629 / Unicode table 3-7: rejects overlong forms, surrogates
// (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences.
size_t utf8_sequence_length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong below U+0800
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong below U+10000
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // stray continuation byte, C0/C1 overlong lead, or F5..FF
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < second_min || byte(i + 1) > second_max) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!is_continuation(byte(i + k))) return 0;
  }
  return length;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

size_t line_start_of_offset(std::string_view text, size_t offset) {
  if (offset == 0) return 0;
  size_t nl = text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

}  // namespace

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

void check_text_input(const std::string& path, std::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    throw InputError(path, 1,
                     "file is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                         std::to_string(max_bytes) + " bytes");
  }
  size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    throw InputError(path, line_of_offset(bytes, nul), "NUL byte: binary file?");
  }
  if (auto bad = find_invalid_utf8(bytes)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[*bad]));
    size_t column = *bad - line_start_of_offset(bytes, *bad) + 1;
    throw InputError(
        path, line_of_offset(bytes, *bad),
        std::string("invalid UTF-8 (byte ") + hex + " at column " + std::to_string(column) + ")");
  }
}

int line_of_offset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string_view strip_eol(std::string_view line) {
  if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  }
  return line;
}

std::string_view eol_of(std::string_view line) { return line.substr(strip_eol(line).size()); }

std::string_view detect_newline(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r') return "\r\n";
  return "\n";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool has_digit(std::string_view word) { return std::any_of(word.begin(), word.end(), is_ascii_digit); }

std::string_view rstrip(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

namespace {
bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}
}  // namespace

namespace {

void append_ascii_lower(std::string& out, std::string_view s) {
  for (char c : s) out += ascii_lower(c);
}

// NFKC + case folding of one span through utf8proc; a span that is not
// valid UTF-8 (checked input never has one) only has its ASCII lowered.
void append_unicode_fold(std::string& out, std::string_view s) {
  utf8proc_uint8_t* folded = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                UTF8PROC_STABLE);
  utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                         static_cast<utf8proc_ssize_t>(s.size()), &folded, options);
  if (length < 0) return append_ascii_lower(out, s);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
  out.append(reinterpret_cast<const char*>(folded), static_cast<size_t>(length));
}

bool is_ascii_byte(char c) { return static_cast<unsigned char>(c) < 0x80; }

}  // namespace

std::string casefold(std::string_view s) {
  // NFKC leaves ASCII as it is and case folding only lowers A-Z, so only the
  // non-ASCII runs need utf8proc (which dominated whole runs), each with the
  // character before it: a combining mark composes with the letter it
  // follows, and no ASCII character composes with anything before it.
  std::string out;
  out.reserve(s.size());
  size_t done = 0;
  while (done < s.size()) {
    auto first = std::find_if_not(s.begin() + static_cast<std::ptrdiff_t>(done), s.end(), is_ascii_byte);
    size_t run = static_cast<size_t>(first - s.begin());
    if (run == s.size()) {
      append_ascii_lower(out, s.substr(done));
      break;
    }
    size_t span = run > done ? run - 1 : run;
    append_ascii_lower(out, s.substr(done, span - done));
    size_t end = static_cast<size_t>(std::find_if(first, s.end(), is_ascii_byte) - s.begin());
    append_unicode_fold(out, s.substr(span, end - span));
    done = end;
  }
  return out;
}

std::string fold_name(std::string_view s) {
  if (is_ascii(s)) return casefold(s);
  utf8proc_uint8_t* folded = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                UTF8PROC_STABLE | UTF8PROC_STRIPMARK);
  utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                         static_cast<utf8proc_ssize_t>(s.size()), &folded, options);
  if (length < 0) return casefold(s);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
  return std::string(reinterpret_cast<const char*>(folded), static_cast<size_t>(length));
}

bool iequals(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b))
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return ascii_lower(x) == ascii_lower(y);
           });
  return casefold(a) == casefold(b);
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(s[i]) != ascii_lower(prefix[i])) return false;
  }
  return true;
}

std::vector<std::string_view> split_outside_parentheses(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && depth > 0) --depth;
    if (depth == 0 && separators.find(text[i]) != std::string_view::npos) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string expand_placeholders(
    std::string_view text, const std::function<std::optional<std::string>(std::string_view key)>& value) {
  std::string out;
  size_t at = 0;
  for (size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", at)) {
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::optional<std::string> filled = value(text.substr(open + 2, close - open - 2));
    out += text.substr(at, open - at);
    out += filled ? *filled : std::string(text.substr(open, close + 2 - open));
    at = close + 2;
  }
  return out + std::string(text.substr(at));
}

uint64_t fnv1a(std::string_view data, uint64_t basis) {
  uint64_t hash = basis;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;  // the FNV 64-bit prime
  }
  return hash;
}

}  // namespace dossier
