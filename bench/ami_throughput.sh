#!/usr/bin/env bash
# Rules-extraction throughput on the AMI development meetings (MB/s):
# `dossier extract` over every meeting of ../shared/eval/ami-dev, best of
# three runs of the whole batch (process start-up included). Wall time, and
# CPU time (user + system of the dossier processes), the steadier figure on a
# shared or busy machine.
# Usage: bench/ami_throughput.sh [path/to/dossier] [AMI dir]
set -euo pipefail
dossier=${1:-build/dossier}
data=${2:-$(dirname "$0")/../../shared/eval/ami-dev}
vault=$(mktemp -d)
trap 'rm -rf "$vault"' EXIT
cp -r "$data/vault/." "$vault/"
bytes=$(cat "$vault"/Meetings/*.md | wc -c)
best_wall="" best_cpu=""
for run in 1 2 3; do
  TIMEFORMAT='%R %U %S'
  read -r wall user sys < <({ time (for f in "$vault"/Meetings/*.md; do
      "$dossier" extract "$f" --vault "$vault" > /dev/null 2>&1; done); } 2>&1)
  cpu=$(echo "$user + $sys" | bc -l)
  if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall=$wall; fi
  if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu=$cpu; fi
done
mb=$(echo "$bytes / 1000000" | bc -l)
printf 'AMI dev: %d meetings, %.2f MB, best of 3: wall %.2f s (%.2f MB/s), CPU %.2f s (%.2f MB/s)\n' \
  "$(ls "$vault"/Meetings/*.md | wc -l)" "$mb" "$best_wall" "$(echo "$mb / $best_wall" | bc -l)" \
  "$best_cpu" "$(echo "$mb / $best_cpu" | bc -l)"
