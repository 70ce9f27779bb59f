// The --dry-run diff, checked by hand and against the system's `diff -u`
// and `patch`.
#include "util/unified_diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace dossier {
namespace {

using dossier::testing::read_text;
using dossier::testing::TempDir;
using dossier::testing::write_text;

TEST(UnifiedDiffTest, EqualIsEmpty) {
  EXPECT_EQ(unified_diff("a.md", "", ""), "");
  EXPECT_EQ(unified_diff("a.md", "x\ny\n", "x\ny\n"), "");
  EXPECT_EQ(unified_diff("a.md", "no eol", "no eol"), "");
}

TEST(UnifiedDiffTest, OneLineInsert) {
  EXPECT_EQ(unified_diff("Customers/Acme.md", "a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nd\nNEW\ne\nf\ng\n"),
            "--- a/Customers/Acme.md\n+++ b/Customers/Acme.md\n"
            "@@ -2,6 +2,7 @@\n b\n c\n d\n+NEW\n e\n f\n g\n");
}

TEST(UnifiedDiffTest, CountOfOneIsLeftOutAsDiffDoes) {
  EXPECT_EQ(unified_diff("f", "a\n", "a\nb\n"), "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+b\n");
  EXPECT_EQ(unified_diff("f", "a\n", "b\n"), "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(UnifiedDiffTest, NewFileFromDevNull) {
  EXPECT_EQ(unified_diff("Customers/New Co.md", "", "# New Co\n\nbody\n", false),
            "--- /dev/null\n+++ b/Customers/New Co.md\n@@ -0,0 +1,3 @@\n+# New Co\n+\n+body\n");
}

TEST(UnifiedDiffTest, NoNewlineAtEndOfFile) {
  EXPECT_EQ(unified_diff("f", "a\nb", "a\nb\nc\n"),
            "--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n");
  EXPECT_EQ(unified_diff("f", "a\n", "a\nz"),
            "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+z\n\\ No newline at end of file\n");
}

TEST(UnifiedDiffTest, CrlfLinesShowWithoutTheirEnding) {
  std::string d = unified_diff("f", "a\r\nb\r\n", "a\r\nc\r\n");
  EXPECT_EQ(d, "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
}

std::string numbered_lines(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += "line " + std::to_string(i) + "\n";
  return s;
}

TEST(UnifiedDiffTest, TwoDistantChangesAreTwoHunks) {
  std::string before = numbered_lines(1, 30);
  std::string after = before;
  after.replace(after.find("line 5\n"), 7, "line five\n");
  after.replace(after.find("line 25\n"), 8, "line 25\nline 25.5\n");
  std::string d = unified_diff("f", before, after);
  EXPECT_EQ(d,
            "--- a/f\n+++ b/f\n"
            "@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n"
            "@@ -23,6 +23,7 @@\n line 23\n line 24\n line 25\n+line 25.5\n line 26\n line 27\n line 28\n");
}

TEST(UnifiedDiffTest, ChangesSixLinesApartShareAHunk) {
  std::string before = numbered_lines(1, 20), after = before;
  after.replace(after.find("line 5\n"), 7, "X\n");
  after.replace(after.find("line 12\n"), 8, "Y\n");  // six unchanged lines between
  std::string d = unified_diff("f", before, after);
  EXPECT_EQ(std::count(d.begin(), d.end(), '@'), 4) << d;
  after = before;
  after.replace(after.find("line 5\n"), 7, "X\n");
  after.replace(after.find("line 13\n"), 8, "Y\n");  // seven
  d = unified_diff("f", before, after);
  EXPECT_EQ(std::count(d.begin(), d.end(), '@'), 8) << d;
}

// How long these take is measured by bench/scaling_bench.cc.
TEST(UnifiedDiffTest, LargeNewFileIsOneHunk) {
  std::string after = numbered_lines(1, 50000);
  std::string d = unified_diff("big.md", "", after, false);
  EXPECT_EQ(d.rfind("--- /dev/null\n+++ b/big.md\n@@ -0,0 +1,50000 @@\n+line 1\n", 0), 0u);
}

TEST(UnifiedDiffTest, EntirelyDifferentFilesRemoveAndAddEveryLine) {
  std::string before = numbered_lines(1, 5000), after;
  for (int i = 0; i < 5000; ++i) after += "other " + std::to_string(i) + "\n";
  std::string d = unified_diff("f", before, after);
  EXPECT_EQ(std::count(d.begin(), d.end(), '\n'), 2 + 1 + 10000);
}

// --- against the system tools -------------------------------------------

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::string without_header(const std::string& diff) {
  size_t first = diff.find('\n');
  if (first == std::string::npos) return diff;
  size_t second = diff.find('\n', first + 1);
  return second == std::string::npos ? "" : diff.substr(second + 1);
}

// A random edit of `lines` (unique lines, so the shortest diff is unique).
std::string random_text(int lines, const std::string& prefix) {
  std::string s;
  for (int i = 0; i < lines; ++i) s += prefix + std::to_string(i) + "\n";
  return s;
}

std::string random_edit(std::mt19937& rng, const std::string& text, int serial) {
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  int edits = 1 + static_cast<int>(rng() % 6);
  for (int e = 0; e < edits; ++e) {
    size_t at = lines.empty() ? 0 : rng() % lines.size();
    switch (rng() % 3) {
      case 0:
        if (!lines.empty()) lines.erase(lines.begin() + static_cast<long>(at));
        break;
      case 1:
        lines.insert(lines.begin() + static_cast<long>(at),
                     "new " + std::to_string(serial) + "." + std::to_string(e) + "\n");
        break;
      default:
        if (!lines.empty()) lines[at] = "changed " + std::to_string(serial) + "." + std::to_string(e) + "\n";
    }
  }
  std::string out;
  for (const std::string& l : lines) out += l;
  if (!out.empty() && rng() % 4 == 0) out.pop_back();  // sometimes no newline at the end
  return out;
}

TEST(UnifiedDiffTest, MatchesSystemDiffOnRandomEdits) {
  if (run("diff --version").find("GNU") == std::string::npos) GTEST_SKIP() << "needs GNU diff";
  TempDir tmp;
  std::mt19937 rng(20251231);
  for (int round = 0; round < 60; ++round) {
    std::string before = random_text(1 + static_cast<int>(rng() % 40), "l");
    if (round % 5 == 0) before.pop_back();
    std::string after = random_edit(rng, before, round);
    write_text(tmp.path() / "a", before);
    write_text(tmp.path() / "b", after);
    std::string expected = without_header(run("cd '" + tmp.path().string() + "' && diff -u a b"));
    std::string got = without_header(unified_diff("x", before, after));
    EXPECT_EQ(got, expected) << "round " << round << "\nbefore:\n" << before << "\nafter:\n" << after;
  }
}

TEST(UnifiedDiffTest, PatchAppliesItOnRepetitiveText) {
  // Lines from a tiny alphabet make many shortest diffs; whichever is chosen,
  // patch must turn before into after.
  if (run("patch --version").find("patch") == std::string::npos) GTEST_SKIP() << "needs patch";
  TempDir tmp;
  std::mt19937 rng(7);
  const char* alphabet[] = {"- a\n", "- b\n", "\n", "## H\n"};
  for (int round = 0; round < 40; ++round) {
    std::string before, after;
    for (int i = static_cast<int>(rng() % 30); i > 0; --i) before += alphabet[rng() % 4];
    for (int i = static_cast<int>(rng() % 30); i > 0; --i) after += alphabet[rng() % 4];
    std::string d = unified_diff("f.md", before, after);
    if (before == after) continue;
    write_text(tmp.path() / "f.md", before);
    write_text(tmp.path() / "d.patch", d);
    std::string out = run("cd '" + tmp.path().string() + "' && patch -s -p1 < d.patch 2>&1");
    EXPECT_EQ(out, "") << d;
    EXPECT_EQ(read_text(tmp.path() / "f.md"), after) << "round " << round << "\n" << d;
  }
}

}  // namespace
}  // namespace dossier
