#!/usr/bin/env bash
# Fuzzes the note parser, the frontmatter surgery and the meeting segmenter
# (libFuzzer, clang, ASan+UBSan), each for SECONDS (default 60), seeded with
# every Markdown / WebVTT file under fixtures/ and templates/.
#
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]     (BUILD_DIR default: build-fuzz)
#   Short CI run:  FUZZ_SEED=1 tests/fuzz/run.sh 20
#   Long run:      tests/fuzz/run.sh 3600            (an hour per target)
#
# FUZZ_SEED fixes libFuzzer's random seed, so that CI explores the same
# inputs on every run of the same code (a red CI is then a regression, not
# luck); unset, every run explores anew, which is what the long runs are for.
#
# Configures BUILD_DIR with clang if needed and brings the fuzzers up to
# date. The growing corpus is kept in BUILD_DIR/fuzz-corpus/TARGET between runs. A crashing
# input is copied to tests/fuzz/regressions/TARGET-<sha1> (commit it: the
# GoogleTest fuzz_regression_test replays every file there) and the script
# exits 1. Prints the executions of each target.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
build=${2:-$src/build-fuzz}
targets=(note_fuzzer frontmatter_fuzzer segment_fuzzer)

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DDOSSIER_FUZZ=ON -DDOSSIER_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >/dev/null

# Seeds: every fixture and template note, with the leading bytes each target
# reads as parameters (frontmatter: key selector + value line; segment:
# .md / .vtt selector), plus the saved regressions as they are.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
mkdir -p "$seeds/note_fuzzer" "$seeds/frontmatter_fuzzer" "$seeds/segment_fuzzer"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$seeds/note_fuzzer/seed-$i"
  { printf '\001%s\n' "2025-12-31"; cat "$f"; } >"$seeds/frontmatter_fuzzer/seed-$i"
  { printf '\002%s\n' "'quoted: value'"; cat "$f"; } >"$seeds/frontmatter_fuzzer/seed-q$i"
  case "$f" in *.vtt) sel='\001' ;; *) sel='\000' ;; esac
  { printf "$sel"; cat "$f"; } >"$seeds/segment_fuzzer/seed-$i"
  i=$((i + 1))
done < <(find "$src/fixtures" "$src/templates" -type f \( -name '*.md' -o -name '*.vtt' \) -print0)
for t in "${targets[@]}"; do
  for r in "$src/tests/fuzz/regressions/$t"-*; do if [ -f "$r" ]; then cp "$r" "$seeds/$t/"; fi; done
done

failed=0
mkdir -p "$src/tests/fuzz/regressions"
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  artifacts="$build/fuzz-artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  log="$build/fuzz-$t.log"
  set +e
  # Inputs up to 64 KiB; a case slower than 10 s or using 2 GB counts as a bug.
  "$build/$t" "$corpus" "$seeds/$t" -seed="${FUZZ_SEED:-0}" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "$t: ${runs:-?} executions in ${seconds} s, exit $rc, corpus $(find "$corpus" -type f | wc -l) inputs"
  for a in "$artifacts"*; do
    [ -f "$a" ] || continue
    name="$t-$(sha1sum "$a" | cut -c1-12)"
    cp "$a" "$src/tests/fuzz/regressions/$name"
    echo "$t: FOUND $(basename "$a") -> tests/fuzz/regressions/$name (log: $log)"
    rm -f "$a"
  done
  if [ "$rc" -ne 0 ]; then
    failed=1
    grep -m5 -E 'ERROR|fuzzer:|SUMMARY' "$log" || tail -20 "$log"
  fi
done
exit "$failed"
