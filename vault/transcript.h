// Transcripts: every common layout read into one plain list of turns.
//
// Layouts, whatever the file extension (.vtt, .srt, .txt, or a .md note with
// a pasted transcript):
//   - WebVTT and SRT cues (multi-line cues, `<v Name>` voice tags, a "Name:"
//     prefix in the cue text; WEBVTT header, NOTE/STYLE/REGION blocks skipped);
//   - Otter / Teams text exports: a "Raj Patel  0:03" line, the words below;
//   - line turns: "Name: text", "[00:01:02] Name: text", "00:12 Name: text",
//     "**Name:** text", "**Name** (00:04:00): text", with Google Meet's header
//     ("… - Transcript", "Attendees", the computer-generated notice) and its
//     lone timestamp lines.
// Header lines (titles, dates, keyword lists, "Transcribed by") are never
// turns; the speaker lists some headers carry are kept as attendees.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier {

struct Turn {
  std::string speaker;  // as written; "" when the layout names nobody
  std::string start;    // start time as written ("00:04:00", "0:03"), "" when none
  std::string text;     // the spoken words: tags, timestamps and speaker label removed,
                        // source lines joined with one space
  int line = 0;         // 1-based file line of the first words
  // (byte offset in `text`, file line) where each source line's words start,
  // so that a sentence of a joined turn keeps the line it was said on.
  std::vector<std::pair<size_t, int>> pieces;

  int line_at(size_t offset) const;
};

// The file line of byte `offset` of a text joined from `pieces` ((offset,
// file line) where each source line's words start, in order): the line of
// the last piece starting at or before it, `first_line` before any.
int line_in_pieces(const std::vector<std::pair<size_t, int>>& pieces, size_t offset, int first_line);

struct Transcript {
  std::vector<Turn> turns;
  std::vector<std::string> listed_speakers;  // from a header ("SPEAKERS", "Attendees")
};

// The turns of `text` (whose first line is file line `first_line`) when it is
// a transcript, nullopt when it reads as ordinary notes. `extension` (".vtt",
// ".srt", ...) only lowers the bar for cue layouts.
std::optional<Transcript> read_transcript(std::string_view text, int first_line,
                                          std::string_view extension = "");

// Consecutive turns of one speaker become one turn (cue-by-cue exports cut a
// sentence wherever the caption wrapped).
std::vector<Turn> join_speaker_runs(std::vector<Turn> turns);

// If `line` opens a transcript turn ("Jane Doe: ...", "**Jane:** ...",
// "**Jane** (00:04:00): ...", "[00:12:31] Jane: ...", "00:12 Jane: ..."), the
// speaker, the start time and the offset where the spoken text starts.
struct TurnStart {
  std::string speaker;
  size_t text_offset = 0;
  std::string start;
};
std::optional<TurnStart> parse_turn_start(std::string_view line);

// ".vtt" for "Meetings/a.b/Call.VTT"; "" when the file name has no dot.
std::string file_extension(std::string_view path);

// Distinct speakers in order of first turn.
std::vector<std::string> speakers_of(const std::vector<Turn>& turns);

}  // namespace dossier
