"""A receiving server on loopback, like the national portal's: it checks signatures, keeps one
copy per ``Idempotency-Key``, and can be told to be down, slow, broken or to hold its answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET = "loopback-receiver-secret"


def signature_ok(header: str, body: bytes, secret: str = SECRET) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    expected = hmac.new(
        secret.encode(), f"{parts.get('t', '')}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes
    signed: bool


@dataclass
class Receiver:
    """What the server saw and how it behaves (``mode``: ok, slow, 500, 400, garbage, html)."""

    mode: str = "ok"
    delay: float = 0.0
    requests: list[Seen] = field(default_factory=list)
    stored: dict[str, Any] = field(default_factory=dict)
    processed: Counter[str] = field(default_factory=Counter)
    hold: threading.Event | None = None
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def answer(self, seen: Seen) -> tuple[int, str, bytes]:
        if not seen.signed:
            return 401, "application/json", b'{"error": "bad signature"}'
        if self.mode == "500":
            return 500, "text/plain", b"upstream exploded"
        if self.mode == "400":
            return 400, "application/json", b'{"error": "no such category"}'
        if self.mode == "garbage":
            return 200, "application/json", b"\x00\xff not json"
        if self.mode == "html":
            return 200, "text/html", b"<html>It works!</html>"
        key = seen.headers.get("idempotency-key", "")
        with self.lock:
            if key not in self.stored:
                self.processed[key] += 1
                self.stored[key] = {"id": f"remote-{len(self.stored) + 1}", "body": seen.body}
            remote = self.stored[key]["id"]
        return 201, "application/json", json.dumps({"id": remote, "status": "stored"}).encode()


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            seen = Seen(
                self.path, headers, body, signature_ok(headers.get("x-beacon-signature", ""), body)
            )
            with receiver.lock:
                receiver.requests.append(seen)
            if receiver.mode == "slow":
                time.sleep(receiver.delay)
            status, content_type, answer = receiver.answer(seen)
            receiver.arrived.set()
            if receiver.hold is not None:
                receiver.hold.wait(30)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                return  # the sender is gone (a killed worker): nothing to answer

    return Handler


class ReceiverServer:
    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
        self.server.daemon_threads = True
        receiver.url = f"http://127.0.0.1:{self.server.server_address[1]}/inbox"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self.receiver

    def __exit__(self, *exc: object) -> None:
        if self.receiver.hold is not None:
            self.receiver.hold.set()
        self.server.shutdown()
        self.server.server_close()
