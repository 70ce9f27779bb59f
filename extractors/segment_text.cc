// Line-level helpers of the segmenter: transcript turn starts, sentence
// splitting and WebVTT cues.
#include <algorithm>
#include <array>
#include <cctype>

#include "extractors/segment.h"
#include "util/unicode.h"
#include "util/text.h"

namespace dossier {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "[00:12:31]", "(00:12)", "00:12:31.500", "0:12": length of the timestamp and
// the blank after it, or 0.
size_t timestamp_length(std::string_view s) {
  size_t i = 0;
  char open = 0;
  if (i < s.size() && (s[i] == '[' || s[i] == '(')) open = s[i++];
  int groups = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && is_digit(s[i]) && i - start < 2) ++i;
    if (i == start) return 0;
    ++groups;
    if (i < s.size() && s[i] == ':' && i + 1 < s.size() && is_digit(s[i + 1]) && groups < 3) {
      ++i;
      continue;
    }
    break;
  }
  if (groups < 2) return 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  if (open) {
    if (i >= s.size() || s[i] != (open == '[' ? ']' : ')')) return 0;
    ++i;
  }
  size_t text = s.find_first_not_of(" \t", i);
  if (text == i) return 0;  // "12:30pm" is not a timestamp prefix
  return text == std::string_view::npos ? s.size() : text;
}

// Labels that end in ':' in ordinary notes but are never people.
bool is_label_word(std::string_view name) {
  static constexpr std::array<std::string_view, 64> kLabels{
      "note", "notes", "decision", "decisions", "decided", "action", "actions", "action item",
      "action items", "todo", "fact", "facts", "summary", "agenda", "context", "background",
      "update", "updates", "status", "owner", "owners", "due", "date", "time", "when", "where",
      "location", "subject", "re", "attendees", "participants", "topic", "topics", "question",
      "questions", "answer", "goal", "goals", "outcome", "outcomes", "result", "problem", "issue",
      "example", "ps", "tl;dr", "risk", "risks", "blocker", "blockers", "next step", "next steps",
      "opportunity", "signal", "follow up", "follow-up", "important", "warning", "tip", "info",
      "source", "link"};
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kLabels.begin(), kLabels.end(), lower) != kLabels.end();
}

// 1-4 words; the first capitalised, the others capitalised or numbers
// ("Speaker 2"); letters, digits, apostrophes, hyphens and dots inside.
bool is_speaker_name(std::string_view name) {
  if (name.empty() || name.size() > 60 || is_label_word(name)) return false;
  int words = 0;
  size_t i = 0;
  while (i < name.size()) {
    size_t end = name.find(' ', i);
    if (end == std::string_view::npos) end = name.size();
    std::string_view word = name.substr(i, end - i);
    if (word.empty() || ++words > 4) return false;
    char32_t cp;
    decode_utf8(word, 0, cp);
    bool number = std::all_of(word.begin(), word.end(), is_digit);
    if (!(is_upper(cp) || (number && words > 1))) return false;
    for (size_t k = 0; k < word.size();) {
      size_t n = decode_utf8(word, k, cp);
      bool ok = is_letter(cp) || (cp >= '0' && cp <= '9') || cp == '\'' || cp == '-' ||
                cp == '.' || cp == U'\u2019';
      if (!ok) return false;
      k += n;
    }
    i = end + 1;
  }
  return words > 0;
}

}  // namespace

std::optional<TurnStart> parse_turn_start(std::string_view line) {
  size_t i = timestamp_length(line);
  std::string_view rest = line.substr(i);
  std::string_view name;
  size_t text = 0;
  if (rest.substr(0, 2) == "**") {  // "**Jane:** text" or "**Jane**: text"
    size_t close = rest.find("**", 2);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inner = rest.substr(2, close - 2);
    if (!inner.empty() && inner.back() == ':') {
      name = inner.substr(0, inner.size() - 1);
      text = close + 2;
    } else if (close + 2 < rest.size() && rest[close + 2] == ':') {
      name = inner;
      text = close + 3;
    } else {
      return std::nullopt;
    }
  } else {
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    if (colon + 1 < rest.size() && rest[colon + 1] != ' ' && rest[colon + 1] != '\t')
      return std::nullopt;  // "https://", "10:30"
    name = rest.substr(0, colon);
    text = colon + 1;
  }
  name = trim(name);
  // "Jane Doe (Lambda): ..." - the parenthesis says where the speaker is from.
  if (!name.empty() && name.back() == ')') {
    size_t open = name.rfind(" (");
    if (open != std::string_view::npos) name = trim(name.substr(0, open));
  }
  if (!is_speaker_name(name)) return std::nullopt;
  size_t start = rest.find_first_not_of(" \t", text);
  return TurnStart{std::string(name), i + (start == std::string_view::npos ? rest.size() : start)};
}

namespace {

bool is_abbreviation_before(std::string_view text, size_t dot) {
  size_t start = dot;
  while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1]))) --start;
  std::string word;
  for (size_t k = start; k < dot; ++k)
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
  if (word.size() == 1) return true;  // initials "J. Doe", "e.g."
  static constexpr std::array<std::string_view, 18> kAbbrev{
      "eg", "ie", "etc", "vs", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "approx",
      "no", "st", "jr", "sr", "cf"};
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

namespace {

// "<v Jane Doe>text</v>" / "<v.loud Jane>text": the speaker, and the text with
// every tag removed.
std::string strip_vtt_tags(std::string_view line, std::string& speaker) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] != '<') {
      out += line[i++];
      continue;
    }
    size_t close = line.find('>', i);
    if (close == std::string_view::npos) {
      out += line.substr(i);
      break;
    }
    std::string_view tag = line.substr(i + 1, close - i - 1);
    if (tag.size() > 1 && tag[0] == 'v' && (tag[1] == ' ' || tag[1] == '.')) {
      size_t space = tag.find(' ');
      if (space != std::string_view::npos) speaker = std::string(trim(tag.substr(space + 1)));
    }
    i = close + 1;
  }
  return out;
}

}  // namespace

std::vector<Block> segment_webvtt(std::string_view text, int first_line) {
  std::vector<Block> blocks;
  int line = first_line;
  bool in_cue = false, skip_block = false, header = true;
  std::string speaker;
  for (std::string_view raw : split_lines(text)) {
    std::string_view content = trim(strip_eol(raw));
    int this_line = line++;
    if (content.empty()) {
      in_cue = skip_block = header = false;
      speaker.clear();
      continue;
    }
    if (header || skip_block) continue;  // "WEBVTT" header block, NOTE/STYLE blocks
    if (!in_cue) {
      if (content.find("-->") != std::string_view::npos) in_cue = true;
      else if (content.substr(0, 4) == "NOTE" || content.substr(0, 5) == "STYLE" ||
               content.substr(0, 6) == "REGION")
        skip_block = true;
      continue;  // cue identifiers and the timing line
    }
    std::string cue = strip_vtt_tags(content, speaker);
    std::string_view spoken = trim(cue);
    std::string who = speaker;
    if (who.empty()) {
      if (auto turn = parse_turn_start(spoken)) {
        who = turn->speaker;
        spoken = spoken.substr(turn->text_offset);
      }
    }
    if (spoken.empty()) continue;
    Block b;
    b.kind = BlockKind::turn;
    b.line = b.end_line = this_line;
    b.text = std::string(spoken);
    b.masked = mask_code_spans(b.text);
    b.speaker = who;
    blocks.push_back(std::move(b));
  }
  return blocks;
}

}  // namespace dossier
