#!/usr/bin/env bash
# Rules-extraction throughput on the AMI development meetings (MB/s):
# `dossier extract` over every meeting of ../shared/eval/ami-dev, wall time
# of the whole batch (process start-up included), best of three.
# Usage: bench/ami_throughput.sh [path/to/dossier] [AMI dir]
set -euo pipefail
dossier=${1:-build/dossier}
data=${2:-$(dirname "$0")/../../shared/eval/ami-dev}
vault=$(mktemp -d)
trap 'rm -rf "$vault"' EXIT
cp -r "$data/vault/." "$vault/"
bytes=$(cat "$vault"/Meetings/*.md | wc -c)
best=""
for run in 1 2 3; do
  start=$(date +%s.%N)
  for f in "$vault"/Meetings/*.md; do "$dossier" extract "$f" --vault "$vault" > /dev/null; done
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc -l)" = 1 ]; then best=$secs; fi
done
printf 'AMI dev: %d meetings, %.2f MB, best of 3: %.2f s, %.2f MB/s\n' \
  "$(ls "$vault"/Meetings/*.md | wc -l)" "$(echo "$bytes / 1000000" | bc -l)" "$best" "$(echo "$bytes / 1000000 / $best" | bc -l)"
