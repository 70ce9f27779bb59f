#!/usr/bin/env bash
# Crash safety: kill `dossier run` with SIGKILL at random moments, then let a
# normal run finish, and check that the vault ends exactly as an uninterrupted
# run leaves it: every file byte-identical (so no corrupted note, no duplicate
# line, no lost user byte), no left-over temp file, and a further run adds
# nothing (the state agrees with the notes).
#
# Usage: tests/reliability/kill_test.sh [options]
#   --dossier PATH   the dossier binary (default: build/dossier)
#   --kills N        stop after at least N kills (default 50)
#   --fixture        use fixtures/vaults/basic instead of a generated vault
#   --meetings N     meetings in the generated vault (default 300)
#   --customers N    customers in the generated vault (default 30)
#   --seed N         seed of the vault generator and of the kill times (default 1)
#   --work DIR       scratch folder (default: a new mktemp -d, removed at the end)
#   --keep           keep the scratch folder (the first mismatching vault is
#                    always kept as DIR/failed-N for inspection)
# Exit status 0 when every check passed, 1 otherwise.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
dossier="$src/build/dossier"
kills_wanted=50
fixture=0
meetings=300
customers=30
seed=1
work=""
keep=0
while (($#)); do
  case "$1" in
    --dossier) dossier=$2; shift 2 ;;
    --kills) kills_wanted=$2; shift 2 ;;
    --fixture) fixture=1; shift ;;
    --meetings) meetings=$2; shift 2 ;;
    --customers) customers=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "kill_test: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$dossier" ] || { echo "kill_test: no dossier binary at $dossier (use --dossier)" >&2; exit 2; }
dossier=$(cd "$(dirname "$dossier")" && pwd)/$(basename "$dossier")

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-kill.XXXXXX")
  [ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
RANDOM=$seed
export DOSSIER_TODAY=2025-12-31  # footers and new notes must not depend on the clock
export DOSSIER_SETTLE_S=0        # the vault copies are written just before each run

now_ms() { date +%s%3N; }
# Temp files write_file_atomic creates; a finished run must leave none.
temp_files() { find "$1" -name '.*dossier-tmp-*' | wc -l; }

# The base vault every round starts from.
base="$work/base"
rm -rf "$base"
if [ "$fixture" = 1 ] || ! command -v python3 >/dev/null || [ ! -x "$src/bench/gen-vault" ]; then
  cp -r "$src/fixtures/vaults/basic" "$base"
else
  "$src/bench/gen-vault" --meetings "$meetings" --customers "$customers" --seed "$seed" \
    --big-note-lines 2000 --out "$base" >/dev/null
fi

# The reference: one uninterrupted run (exit 0, or 1 when the vault holds
# meetings that are meant to fail; the killed rounds must end the same way).
ref="$work/reference"
rm -rf "$ref"
cp -r "$base" "$ref"
start=$(now_ms)
set +e
"$dossier" run --vault "$ref" --quiet >"$work/ref.out" 2>"$work/ref.err"
ref_rc=$?
set -e
duration_ms=$(($(now_ms) - start))
if [ "$ref_rc" -ne 0 ] && [ "$ref_rc" -ne 1 ]; then
  echo "kill_test: the uninterrupted run failed with exit $ref_rc:" >&2
  cat "$work/ref.err" >&2
  exit 1
fi
((duration_ms > 0)) || duration_ms=1
echo "kill_test: vault $(find "$base" -type f | wc -l) files; uninterrupted run ${duration_ms} ms (exit $ref_rc)"

kills=0 rounds=0 finished_early=0 mismatches=0 bad_exits=0 temps_after_kill=0 temps_left=0 not_idempotent=0
while ((kills < kills_wanted)); do
  rounds=$((rounds + 1))
  v="$work/round"
  rm -rf "$v"
  cp -r "$base" "$v"
  # One to three kills in a row: a run that recovers from a kill is killed too.
  for ((k = 1 + RANDOM % 3; k > 0; k--)); do
    delay_ms=$(((RANDOM * 32768 + RANDOM) % (duration_ms + 1)))
    "$dossier" run --vault "$v" --quiet >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    set +e
    { wait "$pid"; } 2>/dev/null
    rc=$?
    set -e
    if [ "$rc" -eq 137 ]; then kills=$((kills + 1)); else finished_early=$((finished_early + 1)); fi
    temps_after_kill=$((temps_after_kill + $(temp_files "$v")))
  done
  set +e
  "$dossier" run --vault "$v" --quiet >/dev/null 2>"$work/finish.err"
  rc=$?
  set -e
  round_ok=1
  if [ "$rc" -ne "$ref_rc" ]; then
    echo "round $rounds: the finishing run exited $rc (uninterrupted: $ref_rc)" >&2
    cat "$work/finish.err" >&2
    bad_exits=$((bad_exits + 1)) round_ok=0
  fi
  if ! diff -r -q -x .dossier -x '.*dossier-tmp-*' "$ref" "$v" >"$work/diff.txt"; then
    n=$(wc -l <"$work/diff.txt")
    echo "round $rounds: $n file(s) differ from the uninterrupted run:" >&2
    head -5 "$work/diff.txt" >&2
    mismatches=$((mismatches + n)) round_ok=0
  fi
  t=$(temp_files "$v")
  if [ "$t" -ne 0 ]; then
    echo "round $rounds: $t temp file(s) left" >&2
    find "$v" -name '.*dossier-tmp-*' >&2
    temps_left=$((temps_left + t)) round_ok=0
  fi
  added=$("$dossier" run --vault "$v" --json 2>/dev/null | sed -n 's/.*"items_added": *\([0-9]*\).*/\1/p')
  if [ "$added" != 0 ]; then
    echo "round $rounds: a further run added '$added' items (state out of step with the notes)" >&2
    not_idempotent=$((not_idempotent + 1)) round_ok=0
  fi
  if [ "$round_ok" = 0 ] && [ ! -e "$work/failed-$rounds" ]; then
    cp -r "$v" "$work/failed-$rounds"
    echo "round $rounds: vault kept in $work/failed-$rounds" >&2
    trap - EXIT
  fi
done

echo "kill_test: kills=$kills rounds=$rounds runs_finished_before_kill=$finished_early"
echo "kill_test: temp_files_after_kills=$temps_after_kill temp_files_left=$temps_left"
echo "kill_test: mismatched_files=$mismatches bad_exit_codes=$bad_exits rounds_not_idempotent=$not_idempotent"
if ((mismatches || temps_left || bad_exits || not_idempotent)); then
  echo "kill_test: FAILED" >&2
  exit 1
fi
echo "kill_test: PASSED"
