// Closing the loop: a later meeting that reports an open next step as done
// ("sent the roadmap", "the deep dive happened", "Done: pricing sheet", a
// ticked "[x]" bullet) ticks that task; one that reports a blocker as
// resolved strikes the blocker through.
//
// A wrong tick is worse than none, so matching is strict: every content word
// of the report must belong to the line (a different object, owner or number
// is another task), the report must cover at least half of the line's
// content words, it must not be negated, future or a question, and exactly
// one candidate line may match. The word lists are data:
// templates/rules/close_loop.yaml.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/words.h"
#include "vault/meeting.h"

namespace dossier {

struct ClosingReport {
  enum class Kind { done, resolved };
  Kind kind = Kind::done;
  int line = 0;                    // 1-based line in the meeting file
  std::vector<std::string> words;  // case-folded words of the sentence, cue words removed
  std::vector<std::string> raw;    // case-folded words as written (for the task's verb)
  bool generic = false;            // says "done" without the task's verb ("happened", "Done:")
  bool marked = false;             // an explicit "Done:" / "Resolved:" marker or a ticked "[x]"

  bool operator==(const ClosingReport&) const = default;
};

// The sentences of `meeting` that report something done or resolved.
std::vector<ClosingReport> closing_reports(const Meeting& meeting);

// An open task line: "- [ ] ...".
bool is_open_task(std::string_view line);
// A line already struck through: "- ~~...~~ ...".
bool is_struck(std::string_view line);

// A note line as matching reads it: its words (no list marker, checkbox,
// provenance or dates) and their stems.
struct LineWords {
  Words words;
  std::vector<std::string> stems;
};
LineWords read_line(std::string_view line);

// Whether `report` may close a line of `kind`'s section: reports not
// explicitly marked are ignored on `skip_lines` (the meeting's lines that
// are new open items: "confirm the delivered parts" is a task).
bool closes_in(const ClosingReport& report, ClosingReport::Kind kind, const std::vector<int>& skip_lines);

// `line` closed by `kind`: ticked (tick_task) or struck as resolved (strike_line).
std::string closed_line(std::string_view line, ClosingReport::Kind kind, std::string_view meeting_name,
                        std::string_view date);

// The lines of one section a merge closes, each read once when set: a
// report is compared only with the lines that hold its rarest word, so that
// closing costs about the same in a section of thousands of lines as in a
// short one, and it decides as close_lines() over the same lines does.
class CloseIndex {
 public:
  // Line `id` now reads `line` (a line added, or changed since it was set).
  void set(size_t id, std::string_view line);
  // The id of the one line `report` closes among those set, each at its
  // latest text, for which `eligible(id)` holds; nullopt when none or
  // several match. Never a line that links to `meeting_name` or to a
  // meeting newer than `date`.
  std::optional<size_t> find(const ClosingReport& report, std::string_view meeting_name,
                             std::string_view date, const std::function<bool(size_t)>& eligible) const;
  // A line's latest text.
  const std::string& text(size_t id) const;
  // Lines find() has compared a report with so far: the work it did.
  size_t comparisons() const { return comparisons_; }

 private:
  struct Entry {
    size_t id;
    std::string text;
    LineWords words;
  };
  std::vector<Entry> entries_;                                       // every text set, in order
  std::unordered_map<size_t, uint32_t> latest_;                      // line id -> its entry
  std::unordered_map<std::string, std::vector<uint32_t>> postings_;  // stem -> entries holding it
  mutable size_t comparisons_ = 0;
};

// For tests: the reference CloseIndex is checked against.

// Closes, in `lines` (a section's lines dossier owns), what `reports` of
// `kind` report done or resolved (closes_in): ticks open tasks, strikes
// blockers. A report closes the one line it matches (none when it matches
// several), never a line that already links to `meeting_name` or to a
// meeting newer than `date`. Returns the indices of the lines it changed.
std::vector<size_t> close_lines(const std::vector<ClosingReport>& reports, ClosingReport::Kind kind,
                                const std::vector<int>& skip_lines, std::vector<std::string>& lines,
                                std::string_view meeting_name, std::string_view date);

// "- [ ] Send X ([[A]])" -> "- [x] Send X ([[A]], [[M]]) ✅ DATE" (Obsidian Tasks form).
std::string tick_task(std::string_view line, std::string_view meeting_name, std::string_view date);

// "- Waiting on X ([[A]])" -> "- ~~Waiting on X ([[A]])~~ (WHY DATE [[M]])",
// WHY being "resolved" or "superseded".
std::string strike_line(std::string_view line, std::string_view why, std::string_view meeting_name,
                        std::string_view date);

}  // namespace dossier
