"""A Mastodon stand-in on loopback: the real endpoints and answers, and ways to misbehave.

It keeps statuses and media in memory, answers a repeated ``Idempotency-Key`` with the status it
made the first time (as Mastodon does), processes images asynchronously (202, then 206 until
ready, then 200) and can be told to be down, slow, or to answer 5xx, 429, 422 or garbage.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-token-123"


@dataclass
class FakeMastodon:
    url: str = ""
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    fail_with: int | None = None  # answer every request with this status
    garbage: bool = False  # answer 200 with something that is not JSON
    delay: float = 0.0  # seconds to wait before answering
    retry_after: str = ""
    media_polls_before_ready: int = 1
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def stop(self) -> None:
        """Close the listening socket: the server is down, connections are refused."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    # -- what the handler does -----------------------------------------------------------------

    def handle(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, Any, dict]:
        self.requests.append((method, path))
        if self.delay:
            time.sleep(self.delay)
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"error": "The access token is invalid"}, {}
        if self.fail_with == 429:
            return 429, {"error": "Too many requests"}, {"Retry-After": self.retry_after or "30"}
        if self.fail_with:
            return self.fail_with, {"error": "Validation failed: Text is too long"}, {}
        if self.garbage:
            return 200, b"<html>Bad gateway, but 200</html>", {}
        with self.lock:
            return self._route(method, path, headers, body)

    def _route(self, method: str, path: str, headers: Any, body: bytes) -> tuple[int, Any, dict]:
        if method == "POST" and path == "/api/v2/media":
            return self._upload(headers, body)
        if match := re.fullmatch(r"/api/v1/media/(\w+)", path):
            item = self.media.get(match.group(1))
            if item is None:
                return 404, {"error": "Record not found"}, {}
            item["polls"] += 1
            if item["polls"] < self.media_polls_before_ready:
                return 206, {"id": item["id"], "url": None}, {}
            item["url"] = f"{self.url}/media/{item['id']}.jpg"
            return 200, _public(item), {}
        if method == "POST" and path == "/api/v1/statuses":
            key = headers.get("Idempotency-Key", "")
            if key and key in self.keys:
                return 200, self.statuses[self.keys[key]], {}
            data = json.loads(body)
            status_id = str(100 + len(self.statuses))
            self.statuses[status_id] = {
                "id": status_id,
                "url": f"{self.url}/@beacon/{status_id}",
                "content": data["status"],
                "language": data.get("language"),
                "visibility": data.get("visibility"),
                "media_ids": data.get("media_ids", []),
                "edited": False,
            }
            if key:
                self.keys[key] = status_id
            return 200, self.statuses[status_id], {}
        if match := re.fullmatch(r"/api/v1/statuses/(\w+)", path):
            status = self.statuses.get(match.group(1))
            if status is None:
                return 404, {"error": "Record not found"}, {}
            if method == "PUT":
                data = json.loads(body)
                status.update(content=data["status"], edited=True)
                return 200, status, {}
            if method == "DELETE":
                del self.statuses[status["id"]]
                return 200, status, {}
        return 404, {"error": "Not found"}, {}

    def _upload(self, headers: Any, body: bytes) -> tuple[int, Any, dict]:
        content_type = headers.get("Content-Type", "")
        if "multipart/form-data" not in content_type or b'name="file"' not in body:
            return 422, {"error": "Validation failed: File can't be blank"}, {}
        description = re.search(rb'name="description"\r\n\r\n(.*?)\r\n--', body, re.S)
        media_id = str(500 + len(self.media))
        self.media[media_id] = {
            "id": media_id,
            "description": description.group(1).decode() if description else "",
            "jpeg": body.count(b"\xff\xd8\xff") > 0,
            "polls": 0,
            "url": None,
        }
        if self.media_polls_before_ready:
            return 202, _public(self.media[media_id]), {}
        self.media[media_id]["url"] = f"{self.url}/media/{media_id}.jpg"
        return 200, _public(self.media[media_id]), {}


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item["id"], "url": item["url"], "description": item["description"]}


@contextlib.contextmanager
def running() -> Iterator[FakeMastodon]:
    fake = FakeMastodon()

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, payload, extra = fake.handle(self.command, self.path, self.headers, body)
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            # The slow-server tests hang up before the answer: that is their point.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.server = server
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield fake
    finally:
        fake.stop()
