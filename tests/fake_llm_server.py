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

  sse            the good answer as server-sent events, whatever "stream" says
                 (a proxy that streams by default)

--flavor makes the server accept, reject and answer the way a real server
does (what each accepts in response_format, its error bodies, its model
list, what it does with a request that has no "stream"):

  generic        the scenarios above and nothing else (the default)
  openai         json_schema and json_object; any other response_format
                 field or unknown top-level field (guided_json) is a 400
                 {"error": {"message", "type", "param", "code"}}
  ollama         /v1 of Ollama >= 0.5: json_schema -> the schema, json_object
                 -> any JSON, other types ignored; models listed as
                 "name:latest"; unknown model 404 {"error": {"message",
                 "type": "not_found_error", ...}}
  ollama-old     Ollama < 0.5: json_schema silently ignored (the model then
                 answers prose around a fenced JSON block), json_object works
  llamacpp       llama.cpp server: json_schema, or json_object with "schema";
                 other types 400 {"error": {"code", "message", "type":
                 "invalid_request_error"}}; models owned_by "llamacpp"
  llamacpp-old   older llama.cpp: only json_object (with "schema"); json_schema
                 is a 500 {"error": {"code": 500, "message": "response_format
                 type must be one of ...", "type": "server_error"}}
  vllm           vLLM: json_schema, json_object, guided_json; errors nested
                 {"error": {"message", "type", "param", "code"}}
  vllm-old       older vLLM: response_format only "text" or "json_object" and
                 no extra fields in it, schema through "guided_json"; errors
                 flat {"object": "error", "message", "type", "param", "code"}
Every flavor answers without streaming unless "stream": true is sent.

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
    p.add_argument("--flavor", default="generic")
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
        headers = dict(headers or {})
        self.send_response(status)
        self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
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
            flavor = self.state.args.flavor
            if flavor.startswith("ollama"):
                models = [m if ":" in m else m + ":latest" for m in models]
            owner = {"llamacpp": "llamacpp", "llamacpp-old": "llamacpp", "ollama": "library",
                     "ollama-old": "library", "vllm": "vllm", "vllm-old": "vllm"}.get(flavor, "openai")
            self.send(200, {"object": "list",
                            "data": [{"id": m, "object": "model", "owned_by": owner} for m in models]})
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
        rejected = flavor_rejects(args.flavor, body, args.models.split(","))
        if rejected:
            return rejected
        if scenario == "good" and unconstrained(args.flavor, body):
            scenario = "fenced"  # no grammar: the model wraps its JSON in prose
        answer = completion(body, content_for(scenario, body))
        if scenario == "sse" or (isinstance(body, dict) and body.get("stream") is True):
            return 200, event_stream(answer), {"Content-Type": "text/event-stream"}
        return 200, answer, None


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


def error_body(flavor, status, message, etype):
    if flavor == "vllm-old":
        return {"object": "error", "message": message, "type": etype, "param": None, "code": status}
    if flavor.startswith("llamacpp"):
        return {"error": {"code": status, "message": message, "type": etype}}
    return {"error": {"message": message, "type": etype, "param": None, "code": None}}


def flavor_rejects(flavor, body, models):
    """(status, payload, headers) when this kind of server refuses the request."""
    if flavor == "generic" or not isinstance(body, dict):
        return None
    fmt = body.get("response_format")
    ftype = fmt.get("type") if isinstance(fmt, dict) else None
    model = body.get("model", "")
    if flavor.startswith("ollama") and model not in models and model + ":latest" not in [
            m if ":" in m else m + ":latest" for m in models]:
        return 404, error_body(flavor, 404, f'model "{model}" not found, try pulling it first',
                               "not_found_error"), None
    if flavor == "openai":
        if "guided_json" in body:
            return 400, error_body(flavor, 400, "Unrecognized request argument supplied: guided_json",
                                   "invalid_request_error"), None
        if isinstance(fmt, dict) and (ftype not in ("text", "json_object", "json_schema") or
                                      (ftype == "json_object" and set(fmt) - {"type"})):
            return 400, error_body(flavor, 400, "Invalid parameter: 'response_format' has unexpected fields.",
                                   "invalid_request_error"), None
    if flavor == "llamacpp" and ftype not in (None, "text", "json_object", "json_schema"):
        return 400, error_body(flavor, 400, 'response_format type must be one of "text" or "json_object", '
                               "but got: " + str(ftype), "invalid_request_error"), None
    if flavor == "llamacpp-old" and ftype not in (None, "text", "json_object"):
        return 500, error_body(flavor, 500, 'response_format type must be one of "text" or "json_object", '
                               "but got: " + str(ftype), "server_error"), None
    if flavor == "vllm-old" and isinstance(fmt, dict):
        if ftype not in ("text", "json_object"):
            return 400, error_body(flavor, 400, "1 validation error for ChatCompletionRequest\nresponse_format.type\n"
                                   "  Input should be 'text' or 'json_object'", "BadRequestError"), None
        if set(fmt) - {"type"}:
            return 400, error_body(flavor, 400, "1 validation error for ChatCompletionRequest\nresponse_format.schema\n"
                                   "  Extra inputs are not permitted", "BadRequestError"), None
    return None


def unconstrained(flavor, body):
    """Whether this server lets the model answer free text to this request."""
    if flavor == "generic" or not isinstance(body, dict):
        return False
    fmt = body.get("response_format")
    ftype = fmt.get("type") if isinstance(fmt, dict) else None
    if ftype == "json_schema":
        return flavor in ("ollama-old",)
    if ftype == "json_object":
        return False
    if "guided_json" in body:
        return not flavor.startswith("vllm")
    return True


def event_stream(answer):
    content = answer["choices"][0]["message"]["content"]
    chunks = [content[i:i + 40] for i in range(0, len(content), 40)] or [""]
    lines = []
    for i, piece in enumerate(chunks):
        delta = {"content": piece} if i else {"role": "assistant", "content": piece}
        lines.append("data: " + json.dumps({"id": answer["id"], "object": "chat.completion.chunk",
                                            "model": answer["model"],
                                            "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}))
    lines.append("data: " + json.dumps({"id": answer["id"], "object": "chat.completion.chunk",
                                        "model": answer["model"],
                                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
    lines.append("data: [DONE]")
    return ("\n\n".join(lines) + "\n\n").encode()


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
