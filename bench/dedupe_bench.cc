// Dedupe benchmark: one meeting merged into a customer note of 1k lines and
// into one of 10k lines, with as many items as the note has lines / 20 (the
// shape of a long-lived note and a busy meeting). Dedupe is near linear when
// ten times the note (and the items) costs about ten times as much; a
// quadratic one costs a hundred times as much. The merge is timed whole
// (dedupe in and across sections, superseding), as a run does it. Two vocabularies:
//   ordinary: lines of 6-14 words drawn from 3000 words, common ones often
//             (a Zipf law), as people write;
//   small:    "Acme" and 8 of 20 words per line, so every word is common
//             (generated status lines, logs, or a note made on purpose).
// Every fourth line has a value (a number of TB). Items are a third
// rewordings of note lines (merged), a third new lines, a third new lines
// with a number of their own (which may supersede a line).
//
// Usage: dedupe_bench [REPEATS [LINES LINES]]   (default 3 1000 10000; exit 1
// when the ratio of the costs misses its target: ten times the lines for at
// most twice the cost per line, so 20x for 1k/10k)
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "pipeline/merge.h"
#include "vault/config.h"

namespace {

using namespace dossier;

// Near linear: the cost per line of the larger note at most twice that of
// the smaller (the index of a 1k-line note fits in the CPU's cache, a 10k
// one does not; a quadratic dedupe costs ten times as much per line).
constexpr double kTargetCostPerLine = 2.0;

struct Vocabulary {
  const char* name;
  std::vector<std::string> words;
  bool small;
};

std::string pseudo_word(size_t i) {
  static const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "do", "pe", "ga", "zu",
                                    "bo", "fi", "ha", "je", "ko", "li", "mo", "nu", "ri", "so", "tu", "we"};
  std::string w;
  for (size_t n = i + 24; n > 0; n /= 24) w += syllables[n % 24];
  return w + "r";
}

Vocabulary ordinary() {
  Vocabulary v{"ordinary", {}, false};
  for (size_t i = 0; i < 3000; ++i) v.words.push_back(pseudo_word(i));
  return v;
}

Vocabulary small() {
  return {"small",
          {"alpha",  "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
           "lambda", "mu",   "nu",    "xi",    "omicron", "pi",   "rho", "sigma", "tau",  "upsilon"},
          true};
}

std::vector<std::string> random_words(const Vocabulary& v, std::mt19937& random) {
  std::vector<std::string> out;
  if (v.small) {
    std::vector<std::string> pick = v.words;
    std::shuffle(pick.begin(), pick.end(), random);
    out.push_back("Acme");
    out.insert(out.end(), pick.begin(), pick.begin() + 8);
    return out;
  }
  // Zipf: word i with probability ~ 1 / (i + 1).
  std::uniform_real_distribution<double> u(0, std::log(static_cast<double>(v.words.size())));
  size_t n = 6 + random() % 9;
  for (size_t i = 0; i < n; ++i) out.push_back(v.words[static_cast<size_t>(std::exp(u(random))) - 1]);
  out[0][0] = static_cast<char>(std::toupper(out[0][0]));
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

struct Input {
  std::string note;
  NoteMemory memory;  // every line is dossier's, so that all of them may be superseded
  std::vector<Item> items;
};

Input make_input(const Vocabulary& v, size_t lines, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<std::vector<std::string>> body;
  Input in;
  in.note = "---\ntype: customer\n---\n\n# Acme\n\n## Key Facts\n\n";
  for (size_t i = 0; i < lines; ++i) {
    body.push_back(random_words(v, random));
    if (i % 4 == 0) body.back().push_back(std::to_string(random() % 1000) + " TB");  // a value to supersede
    std::string line = "- " + join(body.back()) + " ([[2025-12-01 Sync]])";
    in.note += line + "\n";
    in.memory.own_lines.insert(line);
  }
  in.note += "\n## Recent Context\n\n";
  for (size_t i = 0; i < lines / 20; ++i) {
    Item item;
    item.kind = ItemKind::fact;
    std::vector<std::string> words;
    if (i % 3 == 0) {  // a rewording: the same words in another order
      words = body[random() % body.size()];
      std::rotate(words.begin() + 1, words.begin() + 2, words.end());
    } else {
      words = random_words(v, random);
    }
    if (i % 3 == 2) words.push_back("extra" + std::to_string(i));
    item.text = join(words);
    in.items.push_back(std::move(item));
  }
  return in;
}

double merge_seconds(const Input& in) {
  Meeting meeting;
  meeting.name = "2026-01-06 facts";
  meeting.date = "2026-01-06";
  meeting.path = "Meetings/2026-01-06 facts.md";
  MergeOptions options;
  options.sections = Config::default_sections();
  options.today = "2026-01-10";
  Note note = parse_note("Customers/Acme.md", in.note);
  NoteMemory memory = in.memory;
  auto start = std::chrono::steady_clock::now();
  MergeStats stats = merge_items(note, {MeetingItems{&meeting, in.items, {}, ""}}, memory, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (stats.items_added + stats.items_merged == 0) std::abort();  // the work must have happened
  return seconds;
}

double median_seconds(const Input& in, int repeats) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) times.push_back(merge_seconds(in));
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  size_t lines[2] = {1000, 10000};
  if (argc > 3) lines[0] = std::strtoul(argv[2], nullptr, 10), lines[1] = std::strtoul(argv[3], nullptr, 10);
  double growth = static_cast<double>(lines[1]) / static_cast<double>(lines[0]);
  int missed = 0;
  std::printf("%-10s %9zu lines %9zu lines %8s  (target <= %.0fx; linear %.0fx, quadratic %.0fx)\n",
              "vocabulary", lines[0], lines[1], "ratio", growth * kTargetCostPerLine, growth,
              growth * growth);
  for (const Vocabulary& v : {ordinary(), small()}) {
    double small_note = median_seconds(make_input(v, lines[0], 1), repeats);
    double large_note = median_seconds(make_input(v, lines[1], 1), repeats);
    double ratio = large_note / small_note;
    bool ok = ratio <= growth * kTargetCostPerLine;
    missed += !ok;
    std::printf("%-10s %13.3f s %13.3f s %7.1fx  %s\n", v.name, small_note, large_note, ratio,
                ok ? "ok" : "MISSED");
  }
  return missed ? 1 : 0;
}
