#!/usr/bin/env python3
"""An OpenAI-compatible endpoint that misbehaves at the network level, for
tests/llm_faults_test.cc (the well-behaved fake, tests/fake_llm_server.py,
covers HTTP errors and wrong answers).

Same start-up protocol as the fake: listens on 127.0.0.1 on a free port and
prints the port (one line) once ready. Standard library only.

  --mode hang        reads the request and never answers
  --mode reset       reads the request and resets the connection (TCP RST)
  --mode drip        a valid answer, one byte every 0.2 s
  --mode huge        a 200 answer of 10 MB (items whose quotes are invented)
  --mode binary      a 200 answer whose content is random non-UTF-8 bytes
  --mode echo-error  401 whose message repeats the Authorization header
  --mode echo-item   200 with an item that carries the Authorization header
                     in its text, grounded on a real line of the note
--log FILE appends one line per request (mode and Authorization header).
"""
import argparse
import json
import os
import re
import socket
import struct
import sys
import threading
import time


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    headers = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return headers, body


def response(status, payload):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    head = (f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    return head + body


def completion(content):
    return {"id": "x", "object": "chat.completion", "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}]}


def a_note_line(body):
    """The first list line of the meeting note in the request, as a quote."""
    try:
        user = next(m["content"] for m in json.loads(body)["messages"] if m["role"] == "user")
    except (ValueError, KeyError, StopIteration, TypeError):
        return ""
    for line in user.splitlines():
        if re.match(r"^\s*- \S", line):
            return line.strip()
    return ""


def handle(conn, args):
    headers, body = read_request(conn)
    if headers is None:
        conn.close()
        return
    auth = headers.get("authorization", "")
    if args.log:
        with open(args.log, "a") as f:
            f.write(json.dumps({"mode": args.mode, "authorization": auth}) + "\n")
    mode = args.mode
    if mode == "hang":
        time.sleep(3600)
    elif mode == "reset":
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    elif mode == "drip":
        for b in response(200, completion(json.dumps({"items": []}))):
            conn.sendall(bytes([b]))
            time.sleep(0.2)
    elif mode == "huge":
        item = {"kind": "decision", "text": "Acme buys everything.", "customer": "Acme",
                "quote": "this sentence is not in the note"}
        items = [dict(item, text=f"Acme buys item {i}.") for i in range(10 * 1024 * 1024 // 120)]
        conn.sendall(response(200, completion(json.dumps({"items": items}))))
    elif mode == "binary":
        conn.sendall(response(200, b'{"choices":[{"message":{"content":"' + os.urandom(4096).replace(b'"', b"x")
                              .replace(b"\\", b"x") + b'"}}]}'))
    elif mode == "echo-error":
        conn.sendall(response(401, {"error": {"message": f"Invalid API key provided: {auth}"}}))
    elif mode == "echo-item":
        quote = a_note_line(body)
        items = [{"kind": "fact", "text": f"The key is {auth}.", "customer": "Acme", "quote": quote},
                 {"kind": "decision", "text": f"Acme agreed; header was {auth}", "customer": "Acme", "quote": quote}]
        conn.sendall(response(200, completion(json.dumps({"items": items}))))
    conn.close()


def handle_quietly(conn, args):
    try:
        handle(conn, args)
    except OSError:
        pass  # dossier hung up (its timeout): that is the point of the test


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", required=True)
    p.add_argument("--log")
    args = p.parse_args()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    print(server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle_quietly, args=(conn, args), daemon=True).start()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        pass
