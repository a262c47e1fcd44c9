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

    places = [Place("Hà Nội", CITY, tuple(str(form) for _l, form, _o in hanoi.CITY["name_forms"]))]
    places += [Place("Hoàn Kiếm", "district", ("Hoàn Kiếm", "quận Hoàn Kiếm"))]
    places += [Place(name, kind, (name, *aliases)) for name, kind, aliases in PLACES]
    taxonomy = Taxonomy({slug: words for slug, (_name, words) in DEFAULT_TOPICS.items()})
    return Options(gazetteer=Gazetteer(places), taxonomy=taxonomy)


@pytest.fixture(autouse=True)
def _monitor_settings(settings: Any) -> Iterator[None]:
    """No pause between requests to loopback, small pages; fresh fetch client and index."""
    from beacon.celery import app
    from beacon.core.city import forget_city_profile
    from beacon.monitoring import fetching, search

    settings.BEACON_MONITOR_HOST_INTERVAL = 0
    settings.BEACON_MONITOR_MAX_BYTES = 200_000
    settings.BEACON_MONITOR_TIMEOUT = 5
    fetching.client.cache_clear()
    search.forget_vector_index()
    forget_city_profile()
    # Tasks run in this process through Celery's own code path (apply), not a second worker.
    app.conf.task_always_eager = True
    yield
    fetching.client.cache_clear()
    forget_city_profile()


@pytest.fixture
def city(db: Any) -> Any:
    """The demo city's profile and names: the gazetteer of the tests that use the database."""
    from beacon.core.demo import hanoi
    from beacon.core.demo_loader import load_city

    return load_city(hanoi.CITY)


def make_source(url: str, **fields: Any) -> Any:
    from beacon.monitoring.models import Source

    values: dict[str, Any] = {
        "name": url,
        "kind": "feed",
        "url": url,
        "country": "FR",
        "languages": ["fr"],
        "allow_private_network": True,
    }
    values.update(fields)
    return Source.objects.create(**values)


def rss(items: list[tuple[str, str]]) -> str:
    """An RSS document linking to (title, url) items."""
    body = "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in items)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>'
    )


@dataclass
class Monitor:
    """A small monitor: one source, one story with one article, two alerts."""

    source: Any
    story: Any
    article: Any
    assigned_alert: Any
    open_alert: Any


@pytest.fixture
def monitor(personas: Any) -> Monitor:
    """Rows made directly: these tests are about who sees them, not how they were ingested."""
    from django.utils import timezone

    from beacon.monitoring.models import Alert, Article, Story

    now = timezone.now()
    source = make_source("https://press.example/rss.xml", name="La Presse Démo")
    story = Story.objects.create(
        title="Hanoï sous les eaux",
        language="fr",
        first_seen_at=now,
        last_seen_at=now,
        countries=["FR"],
        languages=["fr"],
        signature=b"",
    )
    article = Article.objects.create(
        source=source,
        story=story,
        url="https://press.example/hanoi",
        url_hash="a" * 64,
        title="Hanoï sous les eaux",
        lead="Des pluies torrentielles ont inondé Hanoï.",
        text="Des pluies torrentielles ont inondé Hanoï.",
        language="fr",
        country="FR",
        media_kind="newspaper",
        search_text="hanoi sous les eaux des pluies torrentielles ont inonde hanoi",
    )
    assigned = Alert.objects.create(
        key="t:assigned",
        title="Floods: district A to answer",
        story=story,
        agency=personas.district,
    )
    unassigned = Alert.objects.create(key="t:open", title="Spreading fast: floods", story=story)
    return Monitor(source, story, article, assigned, unassigned)
