// Scaling benchmark: inputs on which a stage that is quadratic in its input
// would show, timed. The unit tests check what these give and count the work
// done; how long it takes is measured only here (a timed unit test fails
// whenever the machine is busy), against a target.
//
// Usage: scaling_bench        (exit 1 when a measurement misses its target)
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "extractors/resolve.h"
#include "util/unified_diff.h"

namespace {

using namespace dossier;

struct Case {
  const char* what;
  double target_seconds;
  std::function<size_t()> run;  // returns a size, so the work is not optimised away
};

std::string numbered_lines(int from, int to, const std::string& word = "line ") {
  std::string s;
  for (int i = from; i <= to; ++i) s += word + std::to_string(i) + "\n";
  return s;
}

size_t mentions_over_a_thousand_customers() {
  VaultIndex v;
  v.add_customer({"Lambda", {"Lambda Cloud"}, {"function", "handler"}, "Customers/Lambda.md", ""});
  for (int i = 0; i < 1000; ++i)
    v.add_customer({"Customer" + std::to_string(i) + " Labs", {"C" + std::to_string(i)}, {}, "", ""});
  CustomerMatcher m(v);
  std::string text;
  while (text.size() < 1'000'000) text += "Speaker: we talked to Customer42 Labs and C7 about Lambda today. ";
  return m.find_mentions(text).size();
}

}  // namespace

int main() {
  std::vector<Case> cases = {
      {"find_mentions: 1 MB of text, 1000 customers", 1.0, mentions_over_a_thousand_customers},
      {"unified_diff: a new note of 50000 lines", 2.0,
       [] { return unified_diff("big.md", "", numbered_lines(1, 50000), false).size(); }},
      {"unified_diff: 5000 lines, every one changed", 5.0,
       [] { return unified_diff("f", numbered_lines(1, 5000), numbered_lines(0, 4999, "other ")).size(); }},
  };
  int missed = 0;
  for (const Case& c : cases) {
    auto start = std::chrono::steady_clock::now();
    size_t size = c.run();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bool ok = seconds <= c.target_seconds;
    missed += !ok;
    std::printf("%-50s %8.3f s  (target <= %.1f s, result size %zu)  %s\n", c.what, seconds, c.target_seconds,
                size, ok ? "ok" : "MISSED");
  }
  return missed ? 1 : 0;
}
