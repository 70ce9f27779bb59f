#!/usr/bin/env bash
# Times `dossier extract` on a generated 1 MB transcript (the target: well
# under a second). Usage: bench/extract_1mb.sh [path/to/dossier]
set -euo pipefail
dossier=${1:-build/dossier}
vault=$(mktemp -d)
trap 'rm -rf "$vault"' EXIT
mkdir -p "$vault/Meetings" "$vault/Customers" "$vault/People"
printf -- '---\naliases: [Lambda Cloud]\nnot_when: [function, functions]\n---\n# Lambda\n' > "$vault/Customers/Lambda.md"
for i in $(seq 1 200); do printf -- '---\nstatus: active\n---\n' > "$vault/Customers/Customer $i.md"; done
python3 - "$vault/Meetings/2025-12-19 big call.md" <<'PY'
import sys
turns = ["Maya Okafor: Let's go with dual 200G per node for rack {n}, Customer 17 agreed.",
         "Ken Ishida: I'll send the rack elevation for row {n} tonight.",
         "Priya Raman: Should we consider a joint design for site {n}? Not sure yet.",
         "Maya Okafor: We're waiting on the PDUs for row {n}; the lambda function is fine.",
         "Tomás Herrera: They're planning to open region {n} next year, budget approved at $4.2M."]
out, n = ["---", "date: 2025-12-19", "customer: Lambda", "---"], 0
while sum(len(l) + 1 for l in out) < 1024 * 1024:
    out.append(turns[n % len(turns)].format(n=n)); n += 1
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
ls -l "$vault/Meetings"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %U s user + %S s sys CPU, %M KB max RSS" "$dossier" extract "$vault/Meetings/2025-12-19 big call.md" --vault "$vault" > "$vault/out.json"
done
python3 -c "import json,sys,collections; d=json.load(open(sys.argv[1])); print(len(d['items']), 'items', dict(collections.Counter(i['kind'] for i in d['items'])))" "$vault/out.json"
