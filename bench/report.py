#!/usr/bin/env python3
"""Turns bench/run's measurements.tsv into the results table: prints it
and writes bench/results.md. Medians over repeated measurements.

  bench/report.py MEASUREMENTS.tsv RESULTS.md   (bench/run sets the environment)
"""
import csv
import datetime
import os
import platform
import statistics
import subprocess
import sys


def load(path):
    runs = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            runs.setdefault(row["name"], []).append(row)
    return runs


def worked(runs, name, key):
    """`key` of each run of `name` that worked (exit 0 or 1)."""
    return [float(r[key]) for r in runs.get(name, []) if r["rc"] in ("0", "1")]


def median(runs, name, key="wall_s"):
    """Median over the runs that worked, or None."""
    ok = worked(runs, name, key)
    return statistics.median(ok) if ok else None


def highest(runs, name, key):
    """Largest value over the runs that worked, or None."""
    ok = worked(runs, name, key)
    return max(ok) if ok else None


def fmt_s(x):
    return "n/a" if x is None else (f"{x:.3f} s" if x < 10 else f"{x:.1f} s")


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, commit {commit}"


def rows(runs, env):
    full = median(runs, "full-large")
    floor = median(runs, "floor-large")
    noop = median(runs, "noop-large")
    n10k, n1k = median(runs, "note-10k"), median(runs, "note-1k")
    hook_l, hook_t = median(runs, "hook-note-large"), median(runs, "hook-note-tiny")
    cron_l, cron_t = median(runs, "hook-run-large"), median(runs, "hook-run-tiny")
    xl = median(runs, "full-xl")
    rss = highest(runs, "full-large", "rss_kb")  # a limit: the worst run counts
    rss_xl = highest(runs, "full-xl", "rss_kb")

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    def check(value, limit):
        return "n/a" if value is None else ("yes" if value <= limit else "NO")

    def cpu(a, b):  # the same ratio over CPU seconds (user + system)
        return ratio(median(runs, a, "cpu_s"), median(runs, b, "cpu_s"))

    def f(x, spec, suffix=""):
        return "n/a" if x is None else format(x, spec) + suffix

    def mib(kb):
        return kb / 1024 if kb else None

    def row(n, what, a, b, name_a, name_b, target, limit):
        r = ratio(a, b)
        return (n, what, fmt_s(a), fmt_s(b), f(r, ".2f", "x"), f(cpu(name_a, name_b), ".2f", "x"),
                f"<= {limit}x", check(r, limit))

    r_noop, c_noop = ratio(noop, full), cpu("noop-large", "full-large")
    return [
        row("1", "full run, large vault (10k meetings, 1k customers), vs the floor", full, floor,
            "full-large", "floor-large", None, 2),
        ("2", "no-op re-run vs full run", fmt_s(noop), fmt_s(full),
         f(r_noop and r_noop * 100, ".1f", " %"), f(c_noop and c_noop * 100, ".1f", " %"),
         "<= 5 %", check(r_noop, 0.05)),
        row("3", "one meeting into 10k-line vs 1k-line note", n10k, n1k, "note-10k", "note-1k", None, 2.5),
        row("4", "post-meeting hook (`note`, one new meeting): large vault vs tiny vault", hook_l, hook_t,
            "hook-note-large", "hook-note-tiny", None, 1.5),
        row("5", "cron `run` finding one new meeting: large vault vs tiny vault", cron_l, cron_t,
            "hook-run-large", "hook-run-tiny", None, 1.5),
        row("6", "full run, xl vault (40k meetings, 4k customers) vs large", xl, full, "full-xl",
            "full-large", None, 4.4),
        ("7", "peak RSS of the full run, large / xl vault",
         f"{f(mib(rss), '.0f', ' MiB')} / {f(mib(rss_xl), '.0f', ' MiB')}", "", "", "", "<= 256 MiB",
         check(max(mib(rss) or 0, mib(rss_xl) or 0) or None, 256)),
    ]


def speedup(r):
    if r is None:
        return "n/a"
    return f"{r:.1f}x faster" if r >= 1 else f"{1 / r:.1f}x slower"


def table(rs):
    head = ("#", "measurement", "dossier / measured", "reference", "ratio (wall)", "ratio (CPU)",
            "target", "met (wall)")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rs]
    return "\n".join(lines)


def cpu_line(runs):
    """CPU seconds (user + system) next to wall time: on a busy machine the
    wall clock also counts time spent waiting for a CPU."""
    names = [n for n in ("full-large", "floor-large", "floor-scan-large", "grep-large", "noop-large",
                         "note-10k", "note-1k", "hook-note-large", "hook-note-tiny", "hook-run-large",
                         "hook-run-tiny", "full-xl", "baseline-large", "full-small", "grep-small",
                         "baseline-small")
             if n in runs]
    return "- CPU time (user+sys, median): " + ", ".join(
        f"{n} {fmt_s(median(runs, n, 'cpu_s'))}" for n in names) + "."


def extras(runs, env):
    out = [cpu_line(runs)]
    base_on = env.get("BASELINE_ON", "large")

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b
    out.append(f"- For information, no target: the Python baseline (bench/baseline.py) on the {base_on} "
               f"vault took {fmt_s(median(runs, f'baseline-{base_on}'))}, dossier "
               f"{speedup(ratio(median(runs, f'baseline-{base_on}'), median(runs, f'full-{base_on}')))}; "
               f"the floor without writes (read + RE2::Set scan only) took "
               f"{fmt_s(median(runs, 'floor-scan-large'))}.")
    for size in ("small", "large"):
        out.append(f"- {size} vault: generated in {fmt_s(median(runs, f'gen-{size}'))}; "
                   f"grep floor (LC_ALL=C.UTF-8) {fmt_s(median(runs, f'grep-{size}'))}, "
                   f"bytes-only grep (LC_ALL=C) {fmt_s(median(runs, f'grep-c-{size}'))}; "
                   f"Python baseline {fmt_s(median(runs, f'baseline-{size}'))} "
                   f"(peak RSS {f_mib(median(runs, f'baseline-{size}', 'rss_kb'))}); "
                   f"dossier full run {fmt_s(median(runs, f'full-{size}'))}.")
    out.append(f"- Customer notes changed by the full run: {env.get('NOTES_CHANGED', 'n/a')}; "
               f"no-op re-run changed a note: {env.get('NOOP_CHANGED', 'n/a')}; "
               f"`dossier note` changed the 10k note in {env.get('NOTE10K_CHANGED', 'n/a')} and "
               f"the 1k note in {env.get('NOTE1K_CHANGED', 'n/a')} of {env.get('REPEAT', '?')} runs.")
    failed = sorted({n for n, rs in runs.items() for r in rs if r["rc"] not in ("0", "1")})
    if failed:
        out.append(f"- Commands that failed (see bench/out/logs/): {', '.join(failed)}.")
    if env.get("DOSSIER_OK") != "1":
        out.append("- dossier was not available (build failed, not found, or its large full run "
                   "failed): the rows after it are n/a.")
    return "\n".join(out)


def f_mib(kb):
    return "n/a" if not kb else f"{kb / 1024:.0f} MiB"


def main():
    runs = load(sys.argv[1])
    env = os.environ
    rs = rows(runs, env)
    text = table(rs)
    print(text)
    print(extras(runs, env))
    # Sections written by hand after the generated part ("## ...") are kept.
    kept = ""
    if os.path.exists(sys.argv[2]):
        with open(sys.argv[2], encoding="utf-8") as f:
            old = f.read()
        at = old.find("\n## ")
        kept = old[at:] if at >= 0 else ""
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(f"# Benchmark results\n\nWritten by `bench/run` on {datetime.date.today()} "
                f"({machine()}). Seed {env.get('SEED', '1')}; medians of "
                f"{env.get('REPEAT', '?')} runs, each full run on a fresh copy, the large and xl "
                "ones taking turns; peak RSS is the highest of those runs. Wall-clock times; the "
                "floor is `bench/floor.cc` (read every meeting, one RE2::Set pass, write the notes "
                "the full run changed with fsync and rename).\n\n"
                f"{text}\n\n{extras(runs, env)}\n{kept}")


if __name__ == "__main__":
    main()
