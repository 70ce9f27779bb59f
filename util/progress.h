// A progress line for long runs (an LLM run over hundreds of meetings):
// meetings done out of total, LLM requests in flight, time left. Shown on a
// terminal's stderr only; a run under cron, --quiet or --json shows nothing.
#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace dossier {

struct ProgressCounts {
  int done = 0;          // meetings extracted
  int total = 0;         // meetings to extract
  int in_flight = 0;     // LLM requests under way
  double elapsed_s = 0;  // since the run started
};

// "dossier: 12/240 meetings, 4 LLM requests in flight, about 3 min left"
// (the parts that say nothing, such as no request in flight, left out).
std::string format_progress_line(const ProgressCounts& counts);

// A line is shown only on a terminal, and never under --quiet or --json.
bool progress_wanted(bool quiet, bool json, bool stderr_is_terminal);

// Counts shared by the threads of a run; with an output stream, redraws the
// line on it a few times a second (and erases it when destroyed). Without
// one it only counts.
class ProgressMeter {
 public:
  ProgressMeter(std::ostream* out, int total);
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  void meeting_done() { ++done_; }
  void request_started() { ++in_flight_; }
  void request_finished() { --in_flight_; }
  ProgressCounts counts() const;

 private:
  void redraw_until_stopped();

  std::ostream* out_;
  int total_;
  std::atomic<int> done_{0}, in_flight_{0};
  double start_s_;
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stop_ = false;
  std::thread drawer_;
};

}  // namespace dossier
