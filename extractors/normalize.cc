#include "extractors/normalize.h"

#include <algorithm>
#include <cctype>

#include <utf8proc.h>

#include "util/text.h"
#include "util/unicode.h"
#include "vault/markdown_line.h"

namespace dossier {
namespace {

bool consume(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// Separators a marker may leave behind: "Decision - x", "Risk — x".
std::string_view strip_leading_separators(std::string_view s) {
  while (true) {
    s = trim(s);
    if (!(consume(s, ":") || consume(s, "-") || consume(s, "\xE2\x80\x93") || consume(s, "\xE2\x80\x94")))
      return s;
  }
}

std::string_view strip_wrapping_emphasis(std::string_view s) {
  for (std::string_view mark : {"**", "__", "*", "_"}) {
    if (s.size() > 2 * mark.size() && s.substr(0, mark.size()) == mark &&
        s.substr(s.size() - mark.size()) == mark) {
      std::string_view inner = s.substr(mark.size(), s.size() - 2 * mark.size());
      if (inner.find(mark) == std::string_view::npos) return trim(inner);
    }
  }
  return s;
}

// " ^block-id" at the very end (Obsidian block reference anchor).
std::string_view strip_block_id(std::string_view s) {
  size_t caret = s.rfind(" ^");
  if (caret == std::string_view::npos) return s;
  std::string_view id = s.substr(caret + 2);
  if (id.empty()) return s;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return s;
  return trim(s.substr(0, caret));
}

// "size production for..." left after "Decision: " -> "Size production for...".
std::string capitalize_first(std::string s) {
  if (s.empty()) return s;
  char32_t cp;
  size_t n = decode_utf8(s, 0, cp);
  if (!is_lower(cp)) return s;
  utf8proc_uint8_t buf[4];
  auto len = utf8proc_encode_char(utf8proc_toupper(static_cast<utf8proc_int32_t>(cp)), buf);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(len)) + s.substr(n);
}

}  // namespace

std::string normalize_item_text(std::string_view text, size_t marker_length) {
  std::string_view s = text.substr(std::min(marker_length, text.size()));
  if (marker_length == 0)
    s = strip_list_marker(s);
  else
    s = strip_leading_separators(s);
  s = strip_block_id(trim(s));
  s = strip_wrapping_emphasis(s);
  std::string out = collapse_spaces(s);
  return marker_length > 0 ? capitalize_first(std::move(out)) : out;
}

}  // namespace dossier
