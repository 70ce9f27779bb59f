#include "util/unified_diff.h"

#include <algorithm>
#include <vector>

#include "util/text.h"

namespace dossier {
namespace {

enum class Op { keep, remove, add };
struct Edit {
  Op op;
  size_t a, b;  // line indexes in before / after
};

// Past this many differing lines the script is "remove the old middle, add
// the new": Myers keeps one row per edit, so memory grows with its square.
constexpr long kMaxEdits = 2000;

// Myers' O(ND) shortest edit script over lines, after trimming the common
// prefix and suffix (merge edits are local, so the middle is usually small).
std::vector<Edit> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  const long n = static_cast<long>(a.size() - pre - suf), m = static_cast<long>(b.size() - pre - suf);
  std::vector<Edit> edits;
  for (size_t i = 0; i < pre; ++i) edits.push_back({Op::keep, i, i});
  auto replace_middle = [&] {
    for (long x = 0; x < n; ++x) edits.push_back({Op::remove, pre + x, pre});
    for (long y = 0; y < m; ++y) edits.push_back({Op::add, pre + n, pre + y});
  };
  // rounds[d][k + d]: the furthest x on diagonal k = x - y with d edits.
  std::vector<std::vector<long>> rounds;
  const long max = n + m, off = max + 1;
  if (n > 0 && m > 0) {
    std::vector<long> v(2 * max + 3, 0);
    for (long d = 0; d <= std::min(max, kMaxEdits); ++d) {
      bool done = false;
      for (long k = -d; k <= d && !done; k += 2) {
        long x =
            (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
        long y = x - k;
        while (x < n && y < m && a[pre + x] == b[pre + y]) ++x, ++y;
        v[off + k] = x;
        done = x >= n && y >= m;
      }
      rounds.emplace_back(v.begin() + (off - d), v.begin() + (off + d + 1));
      if (done) break;
    }
  }
  if (rounds.empty() || static_cast<long>(rounds.size()) > kMaxEdits) {
    replace_middle();
  } else {
    // Walk back from (n, m) to (0, 0).
    std::vector<Edit> rev;
    long x = n, y = m;
    for (long d = static_cast<long>(rounds.size()) - 1; d >= 0; --d) {
      long k = x - y, px = 0, py = 0;
      if (d > 0) {
        auto at = [&](long kk) { return rounds[d - 1][kk + d - 1]; };
        long pk = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
        px = at(pk);
        py = px - pk;
      }
      while (x > px && y > py) --x, --y, rev.push_back({Op::keep, pre + x, pre + y});
      if (d > 0) {
        if (x == px)
          rev.push_back({Op::add, pre + x, pre + --y});
        else
          rev.push_back({Op::remove, pre + --x, pre + y});
      }
    }
    edits.insert(edits.end(), rev.rbegin(), rev.rend());
  }
  for (size_t i = 0; i < suf; ++i) edits.push_back({Op::keep, a.size() - suf + i, b.size() - suf + i});
  return edits;
}

// "start,count" as diff prints it: a count of 1 is left out, and an empty
// range names the line before it.
std::string hunk_range(size_t start, size_t count) {
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count ? start + 1 : start) + "," + std::to_string(count);
}

void append_line(std::string& out, char tag, std::string_view line) {
  out += tag;
  out += strip_eol(line);
  out += '\n';
  if (line.empty() || line.back() != '\n') out += "\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view label, std::string_view before, std::string_view after,
                         bool before_exists) {
  if (before == after && before_exists) return "";
  std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  std::vector<Edit> edits = diff_lines(a, b);
  const size_t context = 3;
  std::string out = std::string("--- ") + (before_exists ? "a/" + std::string(label) : "/dev/null") +
                    "\n+++ b/" + std::string(label) + "\n";
  std::vector<size_t> changes;
  for (size_t j = 0; j < edits.size(); ++j)
    if (edits[j].op != Op::keep) changes.push_back(j);
  for (size_t c = 0; c < changes.size();) {
    // A hunk holds changes whose gaps of kept lines are at most 2*context.
    size_t last = c;
    while (last + 1 < changes.size() && changes[last + 1] - changes[last] <= 2 * context + 1) ++last;
    size_t start = changes[c] >= context ? changes[c] - context : 0;
    size_t end = std::min(edits.size(), changes[last] + context + 1);
    size_t a_start = edits[start].a, b_start = edits[start].b, a_len = 0, b_len = 0;
    std::string body;
    for (size_t j = start; j < end; ++j) {
      const Edit& e = edits[j];
      if (e.op != Op::add) ++a_len;
      if (e.op != Op::remove) ++b_len;
      append_line(body,
                  e.op == Op::keep  ? ' '
                  : e.op == Op::add ? '+'
                                    : '-',
                  e.op == Op::add ? b[e.b] : a[e.a]);
    }
    out += "@@ -" + hunk_range(a_start, a_len) + " +" + hunk_range(b_start, b_len) + " @@\n" + body;
    c = last + 1;
  }
  return out;
}

}  // namespace dossier
