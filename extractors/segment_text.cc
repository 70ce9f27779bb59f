// Line-level helpers of the segmenter: sentence splitting and the blocks of
// a transcript.
#include <algorithm>
#include <array>
#include <cctype>

#include "extractors/segment.h"
#include "util/text.h"
#include "util/unicode.h"

namespace dossier {
namespace {

bool is_abbreviation_before(std::string_view text, size_t dot) {
  size_t start = dot;
  while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1]))) --start;
  std::string word;
  for (size_t k = start; k < dot; ++k)
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
  if (word.size() == 1) return true;  // initials "J. Doe", "e.g."
  static constexpr std::array<std::string_view, 18> kAbbrev{"eg",     "ie", "etc", "vs",  "mr", "mrs",
                                                            "ms",     "dr", "inc", "ltd", "co", "corp",
                                                            "approx", "no", "st",  "jr",  "sr", "cf"};
  return std::find(kAbbrev.begin(), kAbbrev.end(), word) != kAbbrev.end();
}

void push_trimmed(std::string_view text, size_t begin, size_t end,
                  std::vector<std::pair<size_t, size_t>>& out) {
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  if (begin < end) out.emplace_back(begin, end);
}

}  // namespace

std::vector<std::pair<size_t, size_t>> split_sentences(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t begin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      size_t next = text.find_first_not_of(" \t", i + 1);
      if (next != std::string_view::npos && next < text.size()) {
        char32_t cp;
        decode_utf8(text, next, cp);
        if (is_lower(cp)) continue;  // a wrapped line continues the sentence
      }
      push_trimmed(text, begin, i, out);
      begin = i + 1;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    size_t end = i + 1;
    while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?' ||
                                 text[end] == '"' || text[end] == ')' || text[end] == '\''))
      ++end;
    if (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n') continue;
    if (c == '.' && end == i + 1 && is_abbreviation_before(text, i)) continue;
    size_t next = text.find_first_not_of(" \t", end);
    if (next != std::string_view::npos && next < text.size() && text[next] != '\n') {
      char32_t cp;
      decode_utf8(text, next, cp);
      if (is_lower(cp) || cp == '(') continue;  // "approx. three", "the U.S. team", "done. (twice)"
    }
    push_trimmed(text, begin, end, out);
    begin = end;
    i = end - 1;
  }
  push_trimmed(text, begin, text.size(), out);
  return out;
}

std::vector<Block> turn_blocks(const Transcript& transcript) {
  std::vector<Block> blocks;
  for (Turn& turn : join_speaker_runs(transcript.turns)) {
    Block b;
    b.kind = BlockKind::turn;
    b.line = turn.line;
    b.end_line = turn.pieces.empty() ? turn.line : turn.pieces.back().second;
    b.text = std::move(turn.text);
    b.masked = mask_code_spans(b.text);
    b.speaker = std::move(turn.speaker);
    b.pieces = std::move(turn.pieces);
    blocks.push_back(std::move(b));
  }
  return blocks;
}

}  // namespace dossier
