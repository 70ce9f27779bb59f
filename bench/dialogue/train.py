#!/usr/bin/env python3
"""Trains the dialogue scorer's weights (templates/dialogue.yaml) offline.

Features come from the extractor itself (build/dialogue_features), so training
and extraction never disagree. Labels: the AMI development meetings' decision
and action evidence lines (../shared/eval/ami-dev/gold.json) and the
decision / next_step lines of the project's fixture gold (fixtures/gold/basic.yaml).
Model: one logistic regression per kind (L2, positives weighted up), the
average of several runs with different seeds (one run's weights vary with the
order it sees the examples in), plain Python, deterministic. Then operating
points (threshold, turns per item) of the whole rules extractor (the cue
rules' own items, from dialogue_features --vault, plus the scorer's picks) are
scored the way ../shared/eval/ami_eval.py scores (an item of the kind on one
of a gold item's evidence lines; precision over any evidence line), written to
bench/dialogue/operating-points.md, and the chosen point (the most precise one
that meets the recall targets with a little margin) is written to the YAML.

Usage: bench/dialogue/train.py [--build build] [--eval ../shared/eval/ami-dev] [--dry-run]
"""
import argparse, json, math, os, random, re, subprocess, sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = ("decision", "next_step")
# The default is the most precise point that keeps this much recall (the
# targets, 0.35 and 0.45, and a little margin): a wrong item costs the reader
# of a customer note more than a missed one.
FLOOR = {"decision": 0.36, "next_step": 0.47}
SEEDS = (1, 2, 3, 4, 5, 6, 7, 8)


def features(binary, paths, vault=None):
    out = []
    for i in range(0, len(paths), 40):
        args = [binary] + (["--vault", vault] if vault else []) + paths[i:i + 40]
        p = subprocess.run(args, capture_output=True, text=True, check=True)
        out += [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return out


def ami_meetings(binary, data):
    gold = json.load(open(os.path.join(data, "gold.json")))
    names = sorted(gold)
    vault = os.path.join(data, "vault")
    feats = features(binary, [os.path.join(vault, "Meetings", n) for n in names], vault)
    out = []
    for name, f in zip(names, feats):
        g = gold[name]
        items = {k: [set(gi.get("evidence_lines", [])) for gi in g[k] if gi.get("evidence_lines")] for k in KINDS}
        out.append({"name": name, "feats": f, "gold": items})
    return out


def fixture_meetings(binary):
    gold = yaml.safe_load(open(os.path.join(ROOT, "fixtures/gold/basic.yaml")))
    vault = os.path.join(ROOT, "fixtures/vaults/basic")
    names = [n for n, g in gold.items() if g.get("format") in ("transcript", "vtt")]
    feats = features(binary, [os.path.join(vault, n) for n in names])
    out = []
    for name, f in zip(names, feats):
        items = {k: [{i["line"]} for i in (gold[name].get("items") or []) if i["kind"] == k] for k in KINDS}
        out.append({"name": name, "feats": f, "gold": items})
    return out


def examples(meetings, kind):
    rows = []
    for m in meetings:
        lines = set().union(*m["gold"][kind]) if m["gold"][kind] else set()
        for s in m["feats"]["sentences"]:
            rows.append((s["features"], 1 if s["line"] in lines else 0))
    return rows


def train(rows, epochs=8, lr=0.05, l2=1e-4, negatives=0.3, seed=7):
    """One run of stochastic gradient descent; its weights unrounded."""
    rnd = random.Random(seed)
    data = [r for r in rows if r[1] or rnd.random() < negatives]
    pos = sum(y for _, y in data)
    weight_pos = (len(data) - pos) / max(1, pos)
    w = {}
    for _ in range(epochs):
        rnd.shuffle(data)
        for f, y in data:
            z = sum(w.get(k, 0.0) * v for k, v in f.items() if v)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * (weight_pos if y else 1.0)
            for k, v in f.items():
                if v:
                    w[k] = w.get(k, 0.0) - lr * (g * v + l2 * w.get(k, 0.0))
        lr *= 0.8
    return w


def train_averaged(rows):
    runs = [train(rows, seed=seed) for seed in SEEDS]
    keys = set().union(*runs)
    avg = {k: sum(r.get(k, 0.0) for r in runs) / len(runs) for k in keys}
    return {k: round(v, 3) for k, v in avg.items() if abs(v) >= 0.05}


def score(w, f):
    return sum(w.get(k, 0.0) * v for k, v in f.items())


def picks(m, w, threshold, turns_per_item):
    best = {}
    claimed = set(m["feats"].get("claimed_lines", []))
    for s in m["feats"]["sentences"]:
        if s["features"].get("short") or s["line"] in claimed:
            continue
        sc = score(w, s["features"])
        if sc >= threshold and (s["block"] not in best or sc > best[s["block"]][0]):
            best[s["block"]] = (sc, s["line"])
    cap = max(1, -(-m["feats"]["turns"] // turns_per_item))
    return [line for _, line in sorted(best.values(), reverse=True)[:cap]]


def evaluate(meetings, weights, points):
    found = {k: [0, 0] for k in KINDS}
    extracted = hits = 0
    for m in meetings:
        evidence = set()
        items = {(k, line) for k, line in m["feats"].get("rule_items", [])}
        for k in KINDS:
            items |= {(k, line) for line in picks(m, weights[k], *points[k])}
        for k in KINDS:
            for ev in m["gold"][k]:
                evidence |= ev
                found[k][1] += 1
                found[k][0] += any(kind == k and line in ev for kind, line in items)
        extracted += len(items)
        hits += sum(line in evidence for _, line in items)
    gold_n = sum(found[k][1] for k in KINDS)
    return {"decision": found["decision"][0] / max(1, found["decision"][1]),
            "next_step": found["next_step"][0] / max(1, found["next_step"][1]),
            "precision": hits / max(1, extracted), "volume": extracted / max(1, gold_n)}


def write_yaml(path, weights, points):
    text = open(path).read()
    for k in KINDS:
        block = (f"{k}:\n  threshold: {points[k][0]}\n  turns_per_item: {points[k][1]}\n  weights: "
                 + "{" + ", ".join(f"{n}: {v}" for n, v in sorted(weights[k].items(), key=lambda x: (-abs(x[1]), x[0]))) + "}\n")
        text = re.sub(rf"(?m)^{k}:\n(?:  .*\n)+", block, text)
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--eval", default=os.path.join(ROOT, "../shared/eval/ami-dev"))
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    binary = os.path.join(args.build, "dialogue_features")
    ami = ami_meetings(binary, args.eval)
    fixtures = fixture_meetings(binary)
    weights = {k: train_averaged(examples(ami + fixtures, k)) for k in KINDS}
    table = []
    for td in (1.0, 1.5, 2.0, 2.5, 3.0):
        for ta in (2.0, 4.0, 6.0, 8.0):
            for tpi in ((20, 150), (25, 200), (30, 200), (40, 300), (60, 300)):
                points = {"decision": (td, tpi[0]), "next_step": (ta, tpi[1])}
                r = evaluate(ami, weights, points)
                table.append((points, r))
    ok = [t for t in table if t[1]["decision"] >= FLOOR["decision"] and
          t[1]["next_step"] >= FLOOR["next_step"] and t[1]["volume"] <= 3]
    chosen = max(ok or table, key=lambda t: (t[1]["precision"], t[1]["decision"]))
    lines = ["# Dialogue scorer: precision / recall trade-off on the AMI dev meetings", "",
             "Written by `bench/dialogue/train.py`: the whole rules extractor (cue rules plus the scorer's",
             "picks at each point), scored like `ami_eval.py`. Chosen default: the most precise point that",
             f"keeps decision recall >= {FLOOR['decision']} and action recall >= {FLOOR['next_step']}, since a wrong item",
             "costs the reader of a customer note more than a missed one.", "",
             "| decision threshold | next_step threshold | turns per decision | turns per next step | decision recall | action recall | precision | items / gold |",
             "|---|---|---|---|---|---|---|---|"]
    def dominated(r):
        return any(o is not r and all(o[k] >= r[k] for k in ("decision", "next_step", "precision")) and
                   any(o[k] > r[k] for k in ("decision", "next_step", "precision")) for _, o in table)
    # Only the points no other point beats on all three figures.
    for points, r in sorted(table, key=lambda t: -t[1]["precision"]):
        if dominated(r) and points != chosen[0]:
            continue
        mark = " **(default)**" if points == chosen[0] else ""
        lines.append(f"| {points['decision'][0]} | {points['next_step'][0]} | {points['decision'][1]} | "
                     f"{points['next_step'][1]} | {r['decision']:.2f} | {r['next_step']:.2f} | {r['precision']:.2f}{mark} | {r['volume']:.1f} |")
    report = "\n".join(lines) + "\n"
    path = os.path.join(ROOT, "bench/dialogue/operating-points.md")
    old = open(path).read() if os.path.exists(path) else ""
    if "\n## " in old:  # notes written by hand below the table stay
        report += old[old.index("\n## "):]
    print(report)
    print("weights:", json.dumps(weights, indent=1))
    if not args.dry_run:
        open(path, "w").write(report)
        write_yaml(os.path.join(ROOT, "templates/dialogue.yaml"), weights, chosen[0])


if __name__ == "__main__":
    main()
