#include "util/progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace dossier {
namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string duration_text(double seconds) {
  long s = std::lround(seconds);
  if (s < 60) return std::to_string(std::max(s, 1L)) + " s";
  if (s < 3600) return std::to_string((s + 30) / 60) + " min";
  return std::to_string(s / 3600) + " h " + std::to_string((s % 3600) / 60) + " min";
}

}  // namespace

std::string format_progress_line(const ProgressCounts& c) {
  std::string line = "dossier: " + std::to_string(c.done) + "/" + std::to_string(c.total) + " meetings";
  if (c.in_flight > 0)
    line +=
        ", " + std::to_string(c.in_flight) + " LLM request" + (c.in_flight == 1 ? "" : "s") + " in flight";
  // The pace so far predicts the rest; before the first meeting there is none.
  if (c.done > 0 && c.done < c.total && c.elapsed_s > 0)
    line += ", about " + duration_text(c.elapsed_s / c.done * (c.total - c.done)) + " left";
  return line;
}

bool progress_wanted(bool quiet, bool json, bool stderr_is_terminal) {
  return stderr_is_terminal && !quiet && !json;
}

ProgressMeter::ProgressMeter(std::ostream* out, int total) : out_(out), total_(total), start_s_(now_s()) {
  if (out_) drawer_ = std::thread([this] { redraw_until_stopped(); });
}

ProgressMeter::~ProgressMeter() {
  if (!drawer_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  stop_signal_.notify_all();
  drawer_.join();
}

ProgressCounts ProgressMeter::counts() const {
  return {done_.load(), total_, in_flight_.load(), now_s() - start_s_};
}

void ProgressMeter::redraw_until_stopped() {
  std::unique_lock<std::mutex> lock(mutex_);
  bool drawn = false;
  // The first drawing waits a moment: a run over a few meetings is done
  // before a line would help, and then it does not flicker.
  while (
      !stop_signal_.wait_for(lock, std::chrono::milliseconds(drawn ? 250 : 500), [this] { return stop_; })) {
    *out_ << "\r" << format_progress_line(counts()) << "\x1b[K" << std::flush;
    drawn = true;
  }
  if (drawn) *out_ << "\r\x1b[K" << std::flush;
}

}  // namespace dossier
