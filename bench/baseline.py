#!/usr/bin/env python3
"""The benchmark's comparison baseline: `dossier run` in rules mode, written
the plain way in Python 3 (PyYAML + re, no cleverness, one process).

  bench/baseline.py --vault DIR [--rules FILE] [--quiet]

Reads dossier.yaml, globs the meetings, parses frontmatter with PyYAML,
finds each meeting's customers (frontmatter customer/customers/account,
[[wikilinks]], whole-word name/alias mentions, attendees' companies),
extracts items with `re` from the rule patterns of templates/rules/default.yaml
(a small built-in list when that file is absent), attributes them, and
appends them to the customer notes with dedupe by lower-cased,
whitespace-collapsed text (a set per note). No state: every run is a full run.
"""
import argparse
import datetime
import glob
import os
import re
import sys
import time

import yaml

from re2_convert import to_python

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RULES = os.path.join(HERE, "..", "templates", "rules", "default.yaml")

DEFAULT_SECTIONS = {"decision": "Key Decisions", "fact": "Key Facts",
                    "opportunity": "Opportunities", "blocker": "Current Blockers",
                    "next_step": "Next Steps", "contact": "Key Contacts",
                    "topic": "Topics / Themes", "summary": "Recent Context",
                    "related": "Related People"}
BUILTIN_RULES = {
    "headings": {"decision": ["Decisions", "Key Decisions"],
                 "next_step": ["Action Items", "Next Steps", "Actions"],
                 "opportunity": ["Opportunities"], "blocker": ["Risks", "Blockers"],
                 "fact": ["Facts", "Key Facts"], "topic": ["Topics"]},
    "markers": [{"kind": "decision", "pattern": r"^(?:Decision|Decided):\s*"},
                {"kind": "decision", "pattern": r"^✅\s*"},
                {"kind": "next_step", "pattern": r"^(?:Action|TODO):?\s*"},
                {"kind": "next_step", "pattern": r"^\[ \]\s*"},
                {"kind": "fact", "pattern": r"^Fact:\s*"},
                {"kind": "opportunity", "pattern": r"^(?:Opportunity|Signal):\s*"},
                {"kind": "blocker", "pattern": r"^(?:Risk|Blocker):\s*"},
                {"kind": "blocker", "pattern": r"^Blocked on\b"}],
    "cues": [{"kind": "decision", "pattern": r"(?i)\bwe (?:decided|agreed)\b"},
             {"kind": "decision", "pattern": r"(?i)\blet'?s go with\b"},
             {"kind": "next_step", "pattern": r"(?i)\bI'll send\b"},
             {"kind": "next_step", "pattern": r"(?i)\bwill follow up\b"},
             {"kind": "blocker", "pattern": r"(?i)\bwaiting on\b"},
             {"kind": "opportunity", "pattern": r"(?i)\bbudget\b"},
             {"kind": "opportunity", "pattern": r"(?i)\bthey're planning to\b"}],
    "hedges": [r"(?i)\b(?:could maybe|maybe we|not sure|I wonder)\b"],
}
ITEM_FORMAT = {"decision": "- ✅ {}", "next_step": "- [ ] {}"}

FRONTMATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_PREFIX = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
TURN = re.compile(r"^(?:\[\d\d:\d\d(?::\d\d)?\]\s*)?(?:\*\*)?([A-Z][\w .'-]{0,40}?)(?:\*\*)?:\s+(.*)$")
WIKILINK = re.compile(r"\[\[([^\]|#]+)(?:[#|][^\]]*)?\]\]")
DATE = re.compile(r"\d{4}-\d\d-\d\d")
WORD = re.compile(r"\w+")
PROVENANCE = re.compile(r"\s*\(\[\[[^\]]*\]\](?:,\s*\[\[[^\]]*\]\])*\)\s*$")
CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
PLACEHOLDER = re.compile(r"^_[^_].*_\s*$")


# ---------------------------------------------------------------- rules

def to_python_re(pattern):
    return re.compile(*to_python(pattern))


def compile_list(entries, where):
    """[{kind, pattern}] or [{kind, patterns}] -> [(kind, regex)]."""
    out = []
    for e in entries or []:
        if not isinstance(e, dict):
            continue
        pats = e.get("patterns") or [e.get("pattern")]
        for p in pats:
            if isinstance(p, str) and e.get("kind"):
                try:
                    out.append((str(e["kind"]), to_python_re(p)))
                except re.error as err:
                    print(f"baseline: {where}: skipping pattern {p!r}: {err}", file=sys.stderr)
    return out


def read_rules(paths):
    """The rule files' patterns as written (RE2 syntax), merged, or the
    built-in list when none of the files exists."""
    raw = {"headings": {}, "markers": [], "cues": [], "hedges": []}
    found = False
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        found = True
        for kind, names in (doc.get("headings") or {}).items():
            raw["headings"].setdefault(kind, []).extend(names if isinstance(names, list) else [names])
        for key in ("markers", "cues"):
            part = doc.get(key) or []
            if isinstance(part, dict):  # tolerate {kind: [patterns]} too
                part = [{"kind": k, "patterns": v if isinstance(v, list) else [v]}
                        for k, v in part.items()]
            raw[key] += part
        hedges = doc.get("hedges") or []
        raw["hedges"] += [h if isinstance(h, str) else (h or {}).get("pattern", "") for h in hedges]
    return raw if found else dict(BUILTIN_RULES, builtin=True)


def load_rules(paths):
    raw = read_rules(paths)
    heading_kind = {str(n).strip().lower(): k for k, ns in raw["headings"].items() for n in ns}
    hedges = [r for _, r in compile_list([{"kind": "hedge", "pattern": h} for h in raw["hedges"] if h],
                                         "hedges")]
    return {"headings": heading_kind, "markers": compile_list(raw["markers"], "markers"),
            "cues": compile_list(raw["cues"], "cues"), "hedges": hedges, "builtin": "builtin" in raw}


# ---------------------------------------------------------------- vault

def read_note(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = FRONTMATTER.match(text)
    fm = {}
    if m:
        try:
            fm = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as err:
            print(f"baseline: {path}: bad frontmatter: {err}", file=sys.stderr)
        if not isinstance(fm, dict):
            fm = {}
    return text, fm, (text.count("\n", 0, m.end()) if m else 0)


def as_list(v):
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def strip_link(s):
    m = WIKILINK.search(s)
    return (m.group(1) if m else s).strip()


def load_vault(vault, cfg):
    customers, names = {}, {}  # names: mention text -> customer name
    for path in sorted(glob.glob(os.path.join(vault, cfg.get("customers", "Customers"), "*.md"))):
        name = os.path.splitext(os.path.basename(path))[0]
        _, fm, _ = read_note(path)
        customers[name] = path
        for n in [name] + as_list(fm.get("aliases")):
            names[n] = name
    companies = {}
    for path in sorted(glob.glob(os.path.join(vault, cfg.get("people", "People"), "*.md"))):
        _, fm, _ = read_note(path)
        if fm.get("company"):
            companies[os.path.splitext(os.path.basename(path))[0]] = strip_link(str(fm["company"]))
    return customers, names, companies


def mentions(text, names, max_words):
    """Customer names/aliases appearing as whole words, in order."""
    words = WORD.findall(text)
    found = []
    for i in range(len(words)):
        for n in range(1, max_words + 1):
            cand = " ".join(words[i:i + n])
            if cand in names and names[cand] not in found:
                found.append(names[cand])
    return found


# ---------------------------------------------------------------- extraction

def meeting_customers(text, fm, ctx):
    customers, names, companies, max_words = ctx["customers"], ctx["names"], ctx["companies"], ctx["max_words"]
    found = []

    def add(name):
        if name in customers and name not in found:
            found.append(name)

    for key in ("customer", "customers", "account"):
        for v in as_list(fm.get(key)):
            add(names.get(strip_link(v), strip_link(v)))
    for link in WIKILINK.findall(text):
        add(names.get(link.strip(), link.strip()))
    for person in as_list(fm.get("attendees")) + as_list(fm.get("participants")):
        add(companies.get(strip_link(person), ""))
    for link in re.findall(r"^Attendees:(.*)$", text, re.M):
        for person in WIKILINK.findall(link):
            add(companies.get(person, ""))
    for name in mentions(text, names, max_words):
        add(name)
    return found


def classify(content, kind_here, rules):
    """(kind, text) of one line's content, or None."""
    for kind, rx in rules["markers"]:
        m = rx.search(content)
        if m:
            text = m.groupdict().get("text") or content[m.end():].strip() or content
            return kind, text.strip()
    def hedged():
        return any(h.search(content) for h in rules["hedges"])

    if kind_here:
        if kind_here in ("decision", "next_step") and hedged():
            return None
        return kind_here, content.strip()
    for kind, rx in rules["cues"]:
        if rx.search(content):
            return None if hedged() else (kind, content.strip())
    return None


def extract(text, body_line, rules, ctx):
    """[(kind, text, section_customer)] of one meeting, in line order."""
    items, kind_here, section_customer, fence = [], None, None, False
    for line in text.split("\n")[body_line:]:
        line = line.rstrip("\r")
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not line.strip():
            continue
        h = HEADING.match(line)
        if h:
            kind_here = rules["headings"].get(h.group(2).strip().lower())
            here = [n for n in mentions(h.group(2), ctx["names"], ctx["max_words"])]
            here += [ctx["names"][x] for x in WIKILINK.findall(h.group(2)) if x in ctx["names"]]
            section_customer = here[0] if here else (section_customer if h.group(1) != "##" else None)
            continue
        content = LIST_PREFIX.sub("", line, count=1)
        is_bullet = content != line
        task = is_bullet and CHECKBOX.match(content)
        if task:  # "- [ ] ..." is a next step unless a marker or heading says otherwise
            content = content[task.end():]
        turn = None if is_bullet else TURN.match(content)
        if turn and not any(rx.match(content) for _, rx in rules["markers"]):
            content = turn.group(2)
        got = classify(content, kind_here if is_bullet else None, rules)
        if not got and task:
            got = ("next_step", content.strip())
        if got:
            items.append((got[0], got[1], section_customer))
    return items


# ---------------------------------------------------------------- merge

def normalise(line):
    s = LIST_PREFIX.sub("", line, count=1)
    s = re.sub(r"^(?:\[[ xX]\]\s*|✅\s*|Signal:\s*)", "", s)
    s = PROVENANCE.sub("", s)
    return " ".join(s.lower().split())


class CustomerNote:
    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8") as f:
            self.lines = f.read().split("\n")
        self.seen = {normalise(x) for x in self.lines if LIST_PREFIX.match(x)}
        self.dirty = False

    def section_end(self, heading):
        """Index after the last non-blank line of `## heading`, creating it if missing."""
        start = next((i for i, x in enumerate(self.lines) if x.strip() == "## " + heading), None)
        if start is None:
            at = next((i for i, x in enumerate(self.lines) if x.strip() == "## Related People"),
                      len(self.lines))
            self.lines[at:at] = ["## " + heading, "", ""]
            return at + 1
        end = start + 1
        while end < len(self.lines) and not self.lines[end].startswith("#") \
                and self.lines[end].strip() != "---":
            end += 1
        while end > start + 1 and not self.lines[end - 1].strip():
            end -= 1
        return end

    def add(self, heading, line):
        at = self.section_end(heading)
        if PLACEHOLDER.match(self.lines[at - 1]):
            self.lines[at - 1] = line
        else:
            self.lines.insert(at, line)
        self.dirty = True

    def add_topic(self, heading, topic):
        """Topics live on one comma-separated line; add the topic if it is new."""
        at = self.section_end(heading)
        line = self.lines[at - 1]
        if line.startswith("## ") or PLACEHOLDER.match(line):
            self.add(heading, topic)
        elif topic.lower() not in (t.strip().lower() for t in line.split(",")):
            self.lines[at - 1] = line + ", " + topic
            self.dirty = True

    def set_last_contact(self, date):
        for i, x in enumerate(self.lines[1:60], 1):
            if x.strip() == "---":
                break
            m = re.match(r"^last_contact:\s*'?\"?(\d{4}-\d\d-\d\d)?", x)
            if m and (m.group(1) or "") < date:
                self.lines[i] = f"last_contact: '{date}'"
                self.dirty = True

    def save(self, today):
        for i in range(len(self.lines) - 1, max(-1, len(self.lines) - 5), -1):
            if self.lines[i].startswith("*Last updated:"):
                self.lines[i] = f"*Last updated: {today}*"
        with open(self.path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.lines))


def run(vault, rules_paths, quiet):
    started = time.monotonic()
    with open(os.path.join(vault, "dossier.yaml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f) or {}
    sections = dict(DEFAULT_SECTIONS, **(cfg.get("sections") or {}))
    rules = load_rules(rules_paths + [os.path.join(vault, r) for r in as_list(cfg.get("rules"))])
    customers, names, companies = load_vault(vault, cfg)
    orgs = set(as_list(cfg.get("organizations")))
    own_company = cfg.get("own_company")
    ctx = {"customers": customers, "names": names, "companies": companies,
           "max_words": max((len(n.split()) for n in list(names) + list(orgs)), default=1)}
    paths = set()
    for g in as_list(cfg.get("meetings")) or ["Meetings/**/*.md"]:
        paths.update(glob.glob(os.path.join(vault, g), recursive=True))
    meetings = []
    for path in paths:
        text, fm, body_line = read_note(path)
        name = os.path.splitext(os.path.basename(path))[0]
        date = str(fm.get("date") or (DATE.search(name) or [""])[0])
        meetings.append((date, path, name, text, fm, body_line))
    meetings.sort(key=lambda m: (m[0], m[1]))
    notes, stats = {}, {"items": 0, "added": 0, "duplicates": 0, "unattributed": 0}
    for date, path, name, text, fm, body_line in meetings:
        found = meeting_customers(text, fm, ctx)
        for kind, item, section_customer in extract(text, body_line, rules, ctx):
            stats["items"] += 1
            named = mentions(item, names, ctx["max_words"])
            org_only = not named and any(o in item for o in orgs)
            target = named[0] if named else section_customer or (
                found[0] if len(found) == 1 and not org_only else None)
            if target is None or kind not in sections or kind == "summary":
                stats["unattributed"] += 1
                continue
            note = notes.get(target) or notes.setdefault(target, CustomerNote(customers[target]))
            if kind == "contact" and companies.get(strip_link(item)) == own_company:
                kind = "related"
            if kind == "topic":
                note.add_topic(sections[kind], WIKILINK.sub(lambda m: m.group(1), item))
                continue
            key = normalise(item)
            if key in note.seen:
                stats["duplicates"] += 1
                continue
            note.seen.add(key)
            note.add(sections[kind], ITEM_FORMAT.get(kind, "- {}").format(f"{item} ([[{name}]])"))
            stats["added"] += 1
        for target in found:
            note = notes.get(target) or notes.setdefault(target, CustomerNote(customers[target]))
            title = fm.get("title") or name
            note.add(sections["summary"], f"- {date}: [[{name}]] - {title}")
            if date:
                note.set_last_contact(date)
    today = datetime.date.today().isoformat()
    written = 0
    for note in notes.values():
        if note.dirty:
            note.save(today)
            written += 1
    if not quiet:
        print(f"baseline: {len(meetings)} meetings, {stats['items']} items, {stats['added']} added, "
              f"{stats['duplicates']} duplicates, {stats['unattributed']} unattributed, "
              f"{written} notes written, rules {'built-in' if rules['builtin'] else 'from file'}, "
              f"{time.monotonic() - started:.1f} s", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vault", required=True)
    p.add_argument("--rules", action="append", help="rule file (default templates/rules/default.yaml)")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args()
    run(a.vault, a.rules or [DEFAULT_RULES], a.quiet)


if __name__ == "__main__":
    main()
