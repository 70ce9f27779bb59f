// The measurement behind the dedupe threshold: precision and recall of the
// same-item decision over the labelled pairs of fixtures/dedupe/pairs.tsv
// (inflections, reorderings, markers, transcript and summary wordings, other
// languages; and negations, other numbers, owners, dates and near-misses
// that must stay apart), per threshold. The default must reach precision
// >= 0.98 (a wrong merge loses information) and recall >= 0.85.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "pipeline/dedupe.h"
#include "pipeline/merge.h"
#include "pipeline/wording.h"
#include "tests/test_util.h"
#include "vault/config.h"

namespace dossier {
namespace {

struct Pair {
  bool same = false;
  std::string lang, source, category, a, b;
  int line = 0;
};

std::vector<Pair> load_pairs() {
  std::istringstream in(testing::read_text(testing::source_dir() / "fixtures/dedupe/pairs.tsv"));
  std::vector<Pair> pairs;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) fields.push_back(field);
    if (fields.size() != 6) {
      ADD_FAILURE() << "pairs.tsv:" << number << ": expected 6 tab-separated fields";
      continue;
    }
    pairs.push_back({fields[0] == "1", fields[1], fields[2], fields[3], fields[4], fields[5], number});
  }
  return pairs;
}

struct Curve {
  int true_pos = 0, false_pos = 0, false_neg = 0;
  double precision() const { return true_pos + false_pos ? double(true_pos) / (true_pos + false_pos) : 1.0; }
  double recall() const { return true_pos + false_neg ? double(true_pos) / (true_pos + false_neg) : 1.0; }
};

const WordingReader& reader_for(const std::string& lang) {
  static std::map<std::string, std::unique_ptr<WordingReader>> readers;  // one per language, this test only
  auto& r = readers[lang];
  if (!r) r = std::make_unique<WordingReader>(lang);
  return *r;
}

// Same item by the index the merge uses: one line in the note, the other arriving.
bool merged(const Pair& p, double threshold) {
  DedupeIndex index(threshold, p.lang);
  index.add(p.a, 1);
  return index.find(p.b).has_value();
}

TEST(DedupePairs, PrecisionAndRecallPerThresholdMeetTheTargetsAtTheDefault) {
  std::vector<Pair> pairs = load_pairs();
  ASSERT_GE(pairs.size(), 300u);
  int same = 0;
  for (const Pair& p : pairs) same += p.same;
  std::printf("%zu labelled pairs (%d same, %zu different)\n", pairs.size(), same, pairs.size() - same);
  std::printf("threshold precision recall  wrong merges  missed\n");
  Curve at_default;
  const int default_step = static_cast<int>(std::lround(kDefaultDedupeThreshold * 100));
  for (int step = 50; step <= 100; step += 5) {
    double t = step / 100.0;
    Curve c;
    for (const Pair& p : pairs) {
      bool m = merged(p, t);
      if (m && p.same) ++c.true_pos;
      if (m && !p.same) ++c.false_pos;
      if (!m && p.same) ++c.false_neg;
    }
    std::printf("   %.2f     %.3f    %.3f  %6d       %6d%s\n", t, c.precision(), c.recall(), c.false_pos,
                c.false_neg, step == default_step ? "   <- default" : "");
    if (step == default_step) at_default = c;
  }
  if (std::getenv("DOSSIER_PAIRS_VERBOSE"))
    for (const Pair& p : pairs)
      if (merged(p, kDefaultDedupeThreshold) != p.same)
        std::printf("  %s pairs.tsv:%d [%s] %s | %s\n", p.same ? "MISSED" : "WRONG ", p.line,
                    p.category.c_str(), p.a.c_str(), p.b.c_str());
  EXPECT_GE(at_default.precision(), 0.98);
  EXPECT_GE(at_default.recall(), 0.85);
}

// The default of the config (vault layer) and of dedupe are one number.
TEST(DedupePairs, TheConfigDefaultIsTheMeasuredOne) {
  EXPECT_DOUBLE_EQ(Config{}.dedupe_threshold, kDefaultDedupeThreshold);
  EXPECT_DOUBLE_EQ(MergeOptions{}.dedupe_threshold, kDefaultDedupeThreshold);
}

// The index and the pairwise test agree (the index only skips lines that
// cannot match).
TEST(DedupePairs, IndexAgreesWithThePairwiseTest) {
  for (const Pair& p : load_pairs()) {
    const WordingReader& reader = reader_for(p.lang);
    EXPECT_EQ(merged(p, kDefaultDedupeThreshold), near_duplicate(p.a, p.b, kDefaultDedupeThreshold, reader))
        << "pairs.tsv:" << p.line;
  }
}

}  // namespace
}  // namespace dossier
