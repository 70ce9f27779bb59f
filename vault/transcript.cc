#include "vault/transcript.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/text.h"
#include "util/unicode.h"

namespace dossier {

int line_in_pieces(const std::vector<std::pair<size_t, int>>& pieces, size_t offset, int first_line) {
  int at = first_line;
  for (const auto& [begin, piece_line] : pieces) {
    if (begin > offset) break;
    at = piece_line;
  }
  return at;
}

int Turn::line_at(size_t offset) const { return line_in_pieces(pieces, offset, line); }

namespace {

// "[00:12:31]", "(00:12)", "00:12:31.500", "0:12": length of the timestamp and
// the blank after it (0 when there is none), and the time itself in `time`.
size_t timestamp_length(std::string_view s, std::string* time = nullptr, bool need_blank = true) {
  size_t i = 0;
  char open = 0;
  if (i < s.size() && (s[i] == '[' || s[i] == '(')) open = s[i++];
  size_t time_begin = i;
  int groups = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && is_ascii_digit(s[i]) && i - start < 2) ++i;
    if (i == start) return 0;
    ++groups;
    if (i < s.size() && s[i] == ':' && i + 1 < s.size() && is_ascii_digit(s[i + 1]) && groups < 3) {
      ++i;
      continue;
    }
    break;
  }
  if (groups < 2) return 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i;
  }
  if (time) *time = std::string(s.substr(time_begin, i - time_begin));
  if (open) {
    if (i >= s.size() || s[i] != (open == '[' ? ']' : ')')) return 0;
    ++i;
  }
  size_t text = s.find_first_not_of(" \t", i);
  if (text == std::string_view::npos) return s.size();
  if (text == i && need_blank) return 0;  // "12:30pm" is not a timestamp prefix
  return text;
}

bool is_lone_timestamp(std::string_view trimmed) {
  return !trimmed.empty() && timestamp_length(trimmed) == trimmed.size();
}

// Labels that end in ':' in ordinary notes but are never people.
bool is_label_word(std::string_view name) {
  static constexpr std::array<std::string_view, 64> kLabels{
      "note",        "notes",        "decision",     "decisions",   "decided",  "action",    "actions",
      "action item", "action items", "todo",         "fact",        "facts",    "summary",   "agenda",
      "context",     "background",   "update",       "updates",     "status",   "owner",     "owners",
      "due",         "date",         "time",         "when",        "where",    "location",  "subject",
      "re",          "attendees",    "participants", "topic",       "topics",   "question",  "questions",
      "answer",      "goal",         "goals",        "outcome",     "outcomes", "result",    "problem",
      "issue",       "example",      "ps",           "tl;dr",       "risk",     "risks",     "blocker",
      "blockers",    "next step",    "next steps",   "opportunity", "signal",   "follow up", "follow-up",
      "important",   "warning",      "tip",          "info",        "source",   "link"};
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kLabels.begin(), kLabels.end(), lower) != kLabels.end();
}

// A name ("Jane Doe", "Speaker 2") that is no label ("Action items").
bool is_speaker_name(std::string_view name) { return looks_like_name(name, true) && !is_label_word(name); }

// "Jane Doe (Lambda)" -> "Jane Doe"; "Jane (00:04:00)" -> "Jane" with the time.
std::string_view strip_parenthesis(std::string_view name, std::string& start) {
  name = trim(name);
  if (name.empty() || name.back() != ')') return name;
  size_t open = name.rfind(" (");
  if (open == std::string_view::npos) return name;
  std::string_view inside = name.substr(open + 1);
  std::string time;
  if (timestamp_length(inside, &time, false) == inside.size()) start = time;
  return trim(name.substr(0, open));
}

}  // namespace

std::optional<TurnStart> parse_turn_start(std::string_view line) {
  TurnStart out;
  size_t i = timestamp_length(line, &out.start);
  std::string_view rest = line.substr(i);
  std::string_view name;
  size_t text = 0;
  if (rest.substr(0, 2) == "**") {  // "**Jane:** text", "**Jane**: text", "**Jane** (00:04): text"
    size_t close = rest.find("**", 2);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inner = rest.substr(2, close - 2);
    size_t after = close + 2;
    if (!inner.empty() && inner.back() == ':') {
      name = inner.substr(0, inner.size() - 1);
      text = after;
    } else {
      size_t k = rest.find_first_not_of(" \t", after);
      if (k != std::string_view::npos && rest[k] == '(') {  // "**Jane** (00:04:00): text"
        size_t close_paren = rest.find(')', k);
        if (close_paren == std::string_view::npos) return std::nullopt;
        std::string_view inside = rest.substr(k, close_paren + 1 - k);
        std::string time;
        if (timestamp_length(inside, &time, false) != inside.size()) return std::nullopt;
        out.start = time;
        k = rest.find_first_not_of(" \t", close_paren + 1);
      }
      if (k == std::string_view::npos || rest[k] != ':') return std::nullopt;
      name = inner;
      text = k + 1;
    }
  } else {
    size_t colon = rest.find(':');
    // "Jane (00:04:00): text": the first colon sits inside the time.
    size_t paren = rest.find(" (");
    if (paren != std::string_view::npos && colon != std::string_view::npos && paren < colon) {
      size_t close = rest.find(')', paren);
      if (close != std::string_view::npos) colon = rest.find(':', close);
    }
    if (colon == std::string_view::npos) return std::nullopt;
    if (colon + 1 < rest.size() && rest[colon + 1] != ' ' && rest[colon + 1] != '\t')
      return std::nullopt;  // "https://", "10:30"
    name = rest.substr(0, colon);
    text = colon + 1;
  }
  name = strip_parenthesis(name, out.start);
  if (!is_speaker_name(name)) return std::nullopt;
  out.speaker = std::string(name);
  size_t start = rest.find_first_not_of(" \t", text);
  out.text_offset = i + (start == std::string_view::npos ? rest.size() : start);
  return out;
}

namespace {

struct Line {
  std::string_view text;  // trimmed, without line ending
  int number = 0;
};

std::vector<Line> lines_of(std::string_view text, int first_line) {
  std::vector<Line> out;
  int n = first_line;
  for (std::string_view raw : split_lines(text)) out.push_back({trim(strip_eol(raw)), n++});
  return out;
}

void add_piece(Turn& turn, std::string_view words, int line) {
  std::string_view w = trim(words);
  if (w.empty()) return;
  if (turn.text.empty())
    turn.line = line;
  else
    turn.text += ' ';
  turn.pieces.emplace_back(turn.text.size(), line);
  turn.text += w;
}

void push_turn(std::vector<Turn>& turns, Turn& turn) {
  if (!turn.text.empty()) turns.push_back(std::move(turn));
  turn = Turn{};
}

std::vector<std::string> split_names(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string_view part =
        trim(list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
    if (part.starts_with("and ")) part = trim(part.substr(4));
    if (is_speaker_name(part)) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Lines tools put around a transcript that nobody said.
bool is_boilerplate(std::string_view line) {
  for (std::string_view p : {"Transcribed by ", "Meeting ended after ", "This editable transcript",
                             "Transcript generated", "Recording started", "Recording stopped"})
    if (line.starts_with(p)) return true;
  return false;
}

// A header may hold a title, dates and speaker lists, never Markdown
// structure: a note with bullets before a few "Name: text" lines is notes.
bool is_structure(std::string_view line, bool first) {
  if (line.empty()) return false;
  if (line[0] == '#') return !first;
  return line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") || line[0] == '|' ||
         line[0] == '>' || line.starts_with("```") || line.starts_with("~~~");
}

// ---- WebVTT / SRT ----

bool is_timing_line(std::string_view line) {
  size_t arrow = line.find("-->");
  return arrow != std::string_view::npos && arrow > 0 && !line.empty() && is_ascii_digit(line[0]) &&
         timestamp_length(line, nullptr, false) > 0;
}

std::string decode_entities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      bool hit = false;
      for (auto [entity, text] :
           std::array<std::pair<std::string_view, std::string_view>, 6>{{{"&amp;", "&"},
                                                                         {"&lt;", "<"},
                                                                         {"&gt;", ">"},
                                                                         {"&nbsp;", " "},
                                                                         {"&#39;", "'"},
                                                                         {"&quot;", "\""}}}) {
        if (s.substr(i, entity.size()) == entity) {
          out += text;
          i += entity.size();
          hit = true;
          break;
        }
      }
      if (hit) continue;
    }
    out += s[i++];
  }
  return out;
}

// "<v Jane Doe>text</v>", "<c.yellow>", "{\an8}": the text without tags; a
// voice tag's name goes to `speaker`.
std::string strip_cue_tags(std::string_view line, std::string& speaker) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    char open = line[i];
    if (open != '<' && open != '{') {
      out += line[i++];
      continue;
    }
    size_t close = line.find(open == '<' ? '>' : '}', i);
    if (close == std::string_view::npos || (open == '{' && line.substr(i, 2) != "{\\")) {
      out += line[i++];
      continue;
    }
    std::string_view tag = line.substr(i + 1, close - i - 1);
    if (open == '<' && tag.size() > 1 && tag[0] == 'v' && (tag[1] == ' ' || tag[1] == '.')) {
      size_t space = tag.find(' ');
      if (space != std::string_view::npos) speaker = std::string(trim(tag.substr(space + 1)));
    }
    i = close + 1;
  }
  return decode_entities(out);
}

Transcript read_cues(const std::vector<Line>& lines) {
  Transcript t;
  Turn turn;
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].text.empty()) {
      ++i;
      continue;
    }
    size_t block_end = i;
    while (block_end < lines.size() && !lines[block_end].text.empty()) ++block_end;
    std::string_view head = lines[i].text;
    bool skip = head.starts_with("WEBVTT") || head.starts_with("NOTE") || head.starts_with("STYLE") ||
                head.starts_with("REGION");
    size_t timing = i;
    while (!skip && timing < block_end && timing < i + 2 && !is_timing_line(lines[timing].text)) ++timing;
    if (skip || timing >= block_end || !is_timing_line(lines[timing].text)) {
      i = block_end;
      continue;
    }
    std::string start;
    timestamp_length(lines[timing].text, &start, false);
    std::string voice;
    for (size_t k = timing + 1; k < block_end; ++k) {
      std::string text = strip_cue_tags(lines[k].text, voice);
      std::string_view spoken = trim(text);
      if (spoken.starts_with(">>")) spoken = trim(spoken.substr(2));
      if (spoken.starts_with("- ")) spoken = trim(spoken.substr(2));
      std::string who = voice;
      if (auto ts = parse_turn_start(spoken)) {
        who = ts->speaker;
        spoken = spoken.substr(ts->text_offset);
      } else if (voice.empty() && k > timing + 1) {
        who = turn.speaker;  // a wrapped line of the same cue
      }
      if (spoken.empty()) continue;
      if (turn.text.empty() || who != turn.speaker || k == timing + 1) {
        push_turn(t.turns, turn);
        turn.speaker = who;
        turn.start = start;
      }
      add_piece(turn, spoken, lines[k].number);
    }
    i = block_end;
  }
  push_turn(t.turns, turn);
  return t;
}

// ---- Otter / Teams text: "Raj Patel  0:03" then the words ----

std::optional<TurnStart> otter_head(std::string_view line) {
  size_t space = line.find_last_of(" \t");
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view ts = line.substr(space + 1);
  std::string time;
  if (ts.empty() || timestamp_length(ts, &time, false) != ts.size()) return std::nullopt;
  std::string_view name = trim(line.substr(0, space));
  if (!is_speaker_name(name)) return std::nullopt;
  return TurnStart{std::string(name), 0, time};
}

// ---- the reader ----

enum class Layout { none, cues, otter, lines };

struct Header {
  std::vector<std::string> speakers;
};

void read_header_line(const std::vector<Line>& lines, size_t i, Header& h) {
  std::string_view l = lines[i].text;
  bool list_label = l == "SPEAKERS" || l == "Speakers" || l == "Attendees" || l == "Participants";
  if (list_label && i + 1 < lines.size()) {
    for (std::string& name : split_names(lines[i + 1].text)) h.speakers.push_back(std::move(name));
  }
}

Transcript read_line_turns(const std::vector<Line>& lines, Layout layout) {
  Transcript t;
  Turn turn;
  bool started = false;
  Header header;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i].text;
    if (l.empty() || is_boilerplate(l) || is_lone_timestamp(l)) continue;
    std::optional<TurnStart> ts = layout == Layout::otter ? otter_head(l) : parse_turn_start(l);
    if (ts) {
      push_turn(t.turns, turn);
      started = true;
      turn.speaker = ts->speaker;
      turn.start = ts->start;
      turn.line = lines[i].number;
      add_piece(turn, l.substr(ts->text_offset == 0 && layout == Layout::otter ? l.size() : ts->text_offset),
                lines[i].number);
      continue;
    }
    if (!started) {
      read_header_line(lines, i, header);
      continue;
    }
    add_piece(turn, l, lines[i].number);
  }
  push_turn(t.turns, turn);
  t.listed_speakers = std::move(header.speakers);
  return t;
}

Layout detect_layout(const std::vector<Line>& lines, std::string_view extension) {
  int timing = 0, otter = 0, turns = 0, after_first = 0, header = 0;
  bool webvtt = false, structured_header = false, first_seen = false, started = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i].text;
    if (l.empty()) continue;
    if (!first_seen && l.starts_with("WEBVTT")) webvtt = true;
    if (is_timing_line(l)) ++timing;
    bool next_is_text = i + 1 < lines.size() && !lines[i + 1].text.empty();
    if (next_is_text && otter_head(l)) ++otter;
    bool turn = parse_turn_start(l).has_value();
    if (turn) {
      ++turns;
      started = true;
    }
    if (started) {
      if (!is_lone_timestamp(l) && !is_boilerplate(l)) ++after_first;
    } else {
      ++header;
      if (is_structure(l, !first_seen)) structured_header = true;
    }
    first_seen = true;
  }
  bool cue_file = extension == ".vtt" || extension == ".srt";
  if (webvtt || (timing >= 1 && cue_file) || timing >= 2) return Layout::cues;
  if (otter >= 2 || (otter >= 1 && extension == ".txt")) return Layout::otter;
  if (structured_header || header > 15) return Layout::none;
  if (turns >= 2 && turns * 2 >= after_first) return Layout::lines;
  return Layout::none;
}

}  // namespace

std::optional<Transcript> read_transcript(std::string_view text, int first_line, std::string_view extension) {
  std::vector<Line> lines = lines_of(text, first_line);
  switch (detect_layout(lines, extension)) {
    case Layout::none:
      return std::nullopt;
    case Layout::cues:
      return read_cues(lines);
    case Layout::otter: {
      Transcript t = read_line_turns(lines, Layout::otter);
      // Otter lists its speakers under "SPEAKERS" in the header.
      return t;
    }
    case Layout::lines:
      return read_line_turns(lines, Layout::lines);
  }
  return std::nullopt;
}

std::vector<Turn> join_speaker_runs(std::vector<Turn> turns) {
  std::vector<Turn> out;
  for (Turn& t : turns) {
    if (!out.empty() && !t.speaker.empty() && out.back().speaker == t.speaker) {
      Turn& last = out.back();
      last.text += ' ';
      for (auto [offset, line] : t.pieces) last.pieces.emplace_back(last.text.size() + offset, line);
      last.text += t.text;
      continue;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string file_extension(std::string_view path) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string ext(path.substr(dot));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::vector<std::string> speakers_of(const std::vector<Turn>& turns) {
  std::vector<std::string> out;
  for (const Turn& t : turns)
    if (!t.speaker.empty() && std::find(out.begin(), out.end(), t.speaker) == out.end())
      out.push_back(t.speaker);
  return out;
}

}  // namespace dossier
