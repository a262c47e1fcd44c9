"""A real web server on loopback for the fetching tests, and monitoring's own fixtures."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from beacon.monitoring.pipeline.options import Options

# Proof that nothing downloads a model: the hub clients refuse to go online in these tests.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Web:
    """Routes of the loopback server: a path maps to a function that writes the answer."""

    base: str
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def page(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve a fixed body at ``path``; honours If-None-Match when an ETag is given."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        extra = headers or {}

        def handle(request: BaseHTTPRequestHandler) -> None:
            etag = extra.get("ETag")
            if etag and request.headers.get("If-None-Match") == etag:
                request.send_response(304)
                request.end_headers()
                return
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(data)

        self.routes[path] = handle
        return self.base + path

    def handler(self, path: str, handle: Handler) -> str:
        self.routes[path] = handle
        return self.base + path


def _make_handler(web: Web) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            web.requests.append((self.path, dict(self.headers)))
            handle = web.routes.get(self.path)
            if handle is None:
                self.send_error(404)
                return
            try:
                handle(self)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: Any) -> None:
            return

    return RequestHandler


@pytest.fixture
def web() -> Iterator[Web]:
    web = Web(base="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(web))
    server.daemon_threads = True
    web.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield web
    server.shutdown()
    server.server_close()


def slow_drip(request: BaseHTTPRequestHandler) -> None:
    """Answer one byte every 0.2 s, forever: only a total deadline stops such a server."""
    request.send_response(200)
    request.send_header("Content-Type", "text/plain")
    request.end_headers()
    for _ in range(200):
        request.wfile.write(b"x")
        request.wfile.flush()
        time.sleep(0.2)


DEMO_SITE = Path(__file__).resolve().parents[1] / "demo" / "site"


def demo_page(path: str) -> str:
    """A page of the demo site, as the pipeline would receive it."""
    return (DEMO_SITE / path).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def options() -> Options:
    """Pipeline options from plain data: the demo city's names and places, default topics."""
    from beacon.core.demo import hanoi
    from beacon.monitoring.demo_data import PLACES
    from beacon.monitoring.gazetteer import DEFAULT_TOPICS
    from beacon.monitoring.pipeline.mentions import CITY, Gazetteer, Place
    from beacon.monitoring.pipeline.topics import Taxonomy

    places = [Place("Hà Nội", CITY, tuple(form for _l, form, _o in hanoi.CITY["name_forms"]))]
    places += [Place("Hoàn Kiếm", "district", ("Hoàn Kiếm", "quận Hoàn Kiếm"))]
    places += [Place(name, kind, (name, *aliases)) for name, kind, aliases in PLACES]
    taxonomy = Taxonomy({slug: words for slug, (_name, words) in DEFAULT_TOPICS.items()})
    return Options(gazetteer=Gazetteer(places), taxonomy=taxonomy)
