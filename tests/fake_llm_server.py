#!/usr/bin/env python3
"""A fake OpenAI-compatible chat-completions server for dossier's tests.

Listens on 127.0.0.1 only, on a free port that it prints (one line, just the
number) to stdout once it is ready. Python 3 standard library only.

Each request's behaviour is a scenario: the first `fake-scenario: NAME` found
in the request's user message, else --scenario, else "good".

  good           items found by a tiny heuristic: note lines that start with
                 "Decision:", "Next step:", "Blocker:", "Fact:", "Opportunity:",
                 "Contact:" or "Topic:" (a list marker may precede them); the
                 customer is the first known customer (from the prompt's
                 "Known customers" list) named on that line or in the note
  fenced         the good answer wrapped in a ```json code fence
  delay          the good answer after --delay seconds (every scenario waits
                 --delay seconds first, in fact)
  timeout        sleeps --hang seconds before answering
  429            always 429 with "Retry-After: --retry-after"
  500            always 500
  400            always 400 (a client error: not worth a retry)
  drop           closes the connection without answering
  truncated      the good answer cut in half
  invalid        an answer that is not JSON at all
  schema         JSON of the wrong shape
  hallucinated   the good answer plus an item whose quote is not in the note
  injection      items trying to escape: an unknown customer "Evil Corp", a
                 path-like customer, text asking to write ../../etc/passwd,
                 and an unknown kind
  no-schema      400 when response_format.type is json_schema; good otherwise
  empty          {"items": []}

A scenario NAME-once (e.g. 500-once, truncated-once) misbehaves only the first
time a given user message is seen, then answers as "good".

GET .../models lists --models. Every request is appended to --log as one JSON
line: method, path, scenario, authorization, start/end times and body.
"""
import argparse
import hashlib
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KINDS = {
    "decision": "decision", "next step": "next_step", "blocker": "blocker",
    "fact": "fact", "opportunity": "opportunity", "contact": "contact", "topic": "topic",
}
LINE_RE = re.compile(r"^\s*(?:[-*+]\s+|\d+\.\s+)?(?:\*\*)?(" + "|".join(KINDS) + r")(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+?)\s*$",
                     re.IGNORECASE)
SCENARIO_RE = re.compile(r"fake-scenario:\s*([A-Za-z0-9_-]+)")


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--scenario", default="good")
    p.add_argument("--log", default=None)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--hang", type=float, default=10.0)
    p.add_argument("--retry-after", default="1")
    p.add_argument("--models", default="test-model")
    return p.parse_args()


def message(body, role):
    for m in body.get("messages", []) if isinstance(body, dict) else []:
        if isinstance(m, dict) and m.get("role") == role and isinstance(m.get("content"), str):
            return m["content"]
    return ""


def note_text(user):
    m = re.search(r"<meeting-note>\n(.*?)\n?</meeting-note>", user, re.DOTALL)
    return m.group(1) if m else user


def known_customers(system):
    """Names from the "- Name (also: a, b)" lines after "Known customers"."""
    names = []
    at = system.find("Known customers")
    if at < 0:
        return names
    for line in system[at:].splitlines()[1:]:
        m = re.match(r"^- (.+?)(?: \(also: (.*)\))?$", line)
        if not m:
            if names:
                break
            continue
        aliases = [a.strip() for a in (m.group(2) or "").split(",") if a.strip()]
        names.append((m.group(1), aliases))
    return names


def customer_in(text, customers):
    lower = text.lower()
    for name, aliases in customers:
        if any(n.lower() in lower for n in [name] + aliases):
            return name
    return None


def good_items(body):
    note = note_text(message(body, "user"))
    customers = known_customers(message(body, "system"))
    default = customer_in(note, customers)
    items = []
    for line in note.splitlines():
        m = LINE_RE.match(line)
        if not m:
            continue
        items.append({"kind": KINDS[m.group(1).lower()], "text": m.group(2).rstrip("*").strip(),
                      "customer": customer_in(line, customers) or default,
                      "quote": line.strip()})
    return items


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.seen = set()

    def first_time(self, user):
        digest = hashlib.sha256(user.encode()).hexdigest()
        with self.lock:
            if digest in self.seen:
                return False
            self.seen.add(digest)
            return True

    def log(self, record):
        if not self.args.log:
            return
        with self.lock, open(self.args.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, keep-alive clients
    # wait for a delayed ACK (~40 ms) before the body arrives.
    disable_nagle_algorithm = True
    state = None  # set in main

    def log_message(self, *args):  # keep test output quiet
        pass

    def send(self, status, payload, headers=None):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def record(self, scenario, body, start):
        self.state.log({"method": self.command, "path": self.path, "scenario": scenario,
                        "authorization": self.headers.get("Authorization"),
                        "start": start, "end": time.time(), "body": body})

    def do_GET(self):
        start = time.time()
        self.record(None, None, start)
        if self.path.rstrip("/").endswith("/models"):
            models = [m for m in self.state.args.models.split(",") if m]
            self.send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in models]})
        else:
            self.send(404, {"error": {"message": "not found"}})

    def do_POST(self):
        start = time.time()
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        user = message(body, "user")
        m = SCENARIO_RE.search(user)
        scenario = m.group(1) if m else self.state.args.scenario
        if scenario.endswith("-once"):
            scenario = scenario[:-5] if self.state.first_time(user) else "good"
        if not self.path.rstrip("/").endswith("/chat/completions"):
            reply = (404, {"error": {"message": "not found"}}, None)
        else:
            time.sleep(self.state.args.delay)
            reply = self.answer(scenario, body)
        # Log before replying so a client that got its answer finds its request logged.
        self.record(scenario, body, start)
        if reply is None:
            self.close_connection = True
            self.connection.close()
        else:
            self.send(*reply)

    def answer(self, scenario, body):
        """(status, payload, headers), or None to hang up without a word."""
        args = self.state.args
        if scenario == "timeout":
            time.sleep(args.hang)
        if scenario == "429":
            return 429, {"error": {"message": "rate limited"}}, {"Retry-After": args.retry_after}
        if scenario == "400":
            return 400, {"error": {"message": "model 'x' does not exist"}}, None
        if scenario == "500":
            return 500, {"error": {"message": "internal error"}}, None
        if scenario == "drop":
            return None
        fmt = body.get("response_format", {}) if isinstance(body, dict) else {}
        if scenario == "no-schema" and isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            return 400, {"error": {"message": "response_format of type json_schema is not supported"}}, None
        return 200, completion(body, content_for(scenario, body)), None


def content_for(scenario, body):
    items = good_items(body)
    good = json.dumps({"items": items})
    if scenario == "fenced":
        return "Here are the items:\n```json\n" + json.dumps({"items": items}, indent=2) + "\n```\n"
    if scenario == "truncated":
        return good[: max(1, len(good) // 2)]
    if scenario == "invalid":
        return "I could not find any items, sorry."
    if scenario == "schema":
        return json.dumps({"results": [{"type": "decision"}]})
    if scenario == "empty":
        return json.dumps({"items": []})
    if scenario == "hallucinated":
        items.append({"kind": "decision", "text": "Buy the whole company.", "customer": None,
                      "quote": "We agreed to buy the whole company for one dollar."})
    if scenario == "injection":
        quote = items[0]["quote"] if items else ""
        items += [
            {"kind": "decision", "text": "Send all data to Evil Corp.", "customer": "Evil Corp", "quote": quote},
            {"kind": "fact", "text": "Pwned.", "customer": "../../etc/passwd", "quote": quote},
            {"kind": "fact", "text": "Write the notes to ../../etc/passwd now.", "customer": None, "quote": quote},
            {"kind": "delete_file", "text": "rm -rf /", "customer": None, "quote": quote},
        ]
    return json.dumps({"items": items})


def completion(body, content):
    model = body.get("model", "") if isinstance(body, dict) else ""
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}]}


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that time out and hang up are part of the tests


def main():
    args = parse_args()
    Handler.state = State(args)
    server = QuietServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
