"""Fixtures shared by the portal's and translation's tests: the newsroom on top of the personas.

Besides the four personas of the root conftest: Hoa (editor), Pierre (French translator),
Emma (English translator) and Thu (reviewer), all at the lead agency, and the portal set up
with its page trees in Vietnamese, English and French.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from beacon.celery import app as celery_app
from beacon.core.actions import do_grant_role
from beacon.core.models import CityNameForm
from beacon.core.roles import Role


@dataclass
class Newsroom:
    personas: Any
    tree: Any
    editor: Any
    translator_fr: Any
    translator_en: Any
    reviewer: Any


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks run in the test's process through Celery's own call path (apply, not a mock)."""
    celery_app.conf.task_always_eager = True
    yield


@pytest.fixture
def newsroom(personas: Any, eager_tasks: None, settings: Any) -> Newsroom:
    from beacon.core.models import CityProfile
    from beacon.core.tests.factories import UserFactory
    from beacon.portal.setup import do_set_up_portal
    from beacon.translation.actions import ensure_translator_profile

    settings.BASE_URL = "http://testserver"
    profile = CityProfile.objects.get()
    for language, form in (("vi", "Hà Nội"), ("en", "Hanoi"), ("fr", "Hanoï")):
        CityNameForm.objects.create(profile=profile, language=language, form=form, is_official=True)
    tree = do_set_up_portal()
    editor = UserFactory(username="hoa", first_name="Hoa")
    translator_fr = UserFactory(username="pierre", first_name="Pierre")
    translator_en = UserFactory(username="emma", first_name="Emma")
    reviewer = UserFactory(username="thu", first_name="Thu")
    do_grant_role(editor, personas.lead, Role.EDITOR, acting_user=None)
    do_grant_role(translator_fr, personas.lead, Role.TRANSLATOR, acting_user=None)
    do_grant_role(translator_en, personas.lead, Role.TRANSLATOR, acting_user=None)
    do_grant_role(reviewer, personas.lead, Role.REVIEWER, acting_user=None)
    ensure_translator_profile(translator_fr, ["fr"])
    ensure_translator_profile(translator_en, ["en"])
    return Newsroom(personas, tree, editor, translator_fr, translator_en, reviewer)


Handler = Callable[[str, dict[str, str], bytes], tuple[int, bytes]]


@pytest.fixture
def loopback_server() -> Iterator[Callable[[Handler], str]]:
    """Start threaded HTTP servers on 127.0.0.1 that answer POSTs with a given function."""
    servers: list[ThreadingHTTPServer] = []

    def start(handle: Handler) -> str:
        class RequestHandler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, payload = handle(self.path, dict(self.headers), body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                # The slow-engine tests hang up before the answer: that is their point.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def libretranslate_like(path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    """A LibreTranslate stand-in: the real request and answer shapes, a marked "translation".

    Like the real server in HTML mode, it leaves elements marked translate="no" as they are.
    """
    import json
    import re

    if path != "/translate":
        return 404, b'{"error": "Not Found"}'
    request = json.loads(body)
    keep = re.compile(r'(<span translate="no" class="notranslate">.*?</span>|<[^>]+>)')

    def translate(text: str) -> str:
        parts = keep.split(text)
        return "".join(p if keep.fullmatch(p) or not p.strip() else f"«{p}»" for p in parts)

    texts = request["q"] if isinstance(request["q"], list) else [request["q"]]
    answer = {"translatedText": [f"[{request['target']}] {translate(t)}" for t in texts]}
    return 200, json.dumps(answer).encode()


THEME_TEXTS = {
    "en": {
        "Di sản": "Heritage",
        "Di tích và làng nghề.": "Monuments and craft villages.",
        "di-san": "heritage",
    },
    "fr": {
        "Di sản": "Patrimoine",
        "Di tích và làng nghề.": "Monuments et villages de métiers.",
        "di-san": "patrimoine",
    },
}
TITLE = "Làng gốm Bát Tràng mở cửa đón khách"
SUMMARY = "Làng gốm bên sông Hồng."
BODY = "Du khách có thể tự tay nặn gốm."
ARTICLE_TEXTS = {
    "en": {
        TITLE: "Bat Trang pottery village welcomes visitors",
        SUMMARY: "A pottery village on the Red River.",
        BODY: "Visitors can shape their own pottery.",
        "bat-trang": "bat-trang-pottery",
    },
    "fr": {
        TITLE: "Le village de Bat Trang accueille les visiteurs",
        SUMMARY: "Un village de potiers au bord du fleuve Rouge.",
        BODY: "Les visiteurs peuvent modeler leur propre poterie.",
        "bat-trang": "bat-trang-poterie",
    },
}
DOCUMENT_TEXTS = {
    "en": {
        "Kế hoạch thông tin đối ngoại năm 2025": "External information plan 2025",
        "UBND Thành phố": "City People's Committee",
        "ke-hoach-2025": "plan-2025",
    },
}


@dataclass
class Published:
    theme: Any
    article: Any
    document: Any
    event: Any


@pytest.fixture
def published(newsroom: Newsroom, django_capture_on_commit_callbacks: Any) -> Published:
    """A theme, an article in it, a governing document and an event, live in vi, en and fr.

    Translations are published when their transaction commits, as in production.
    """
    with django_capture_on_commit_callbacks(execute=True):
        return _publish_samples(newsroom)


def _publish_samples(newsroom: Newsroom) -> Published:
    import datetime

    from django.utils import timezone

    from beacon.portal.demo_loader import Translators, publish_translated
    from beacon.portal.models import EventPage, GoverningDocumentPage, NewsArticlePage, ThemePage

    people = Translators(
        editor=newsroom.editor,
        by_language={"en": newsroom.translator_en, "fr": newsroom.translator_fr},
    )
    sections = newsroom.tree.sections
    theme = ThemePage(title="Di sản", slug="di-san", summary="Di tích và làng nghề.")
    publish_translated(sections["themes"], theme, THEME_TEXTS, ["en", "fr"], people)
    article = NewsArticlePage(
        title=TITLE,
        slug="bat-trang",
        summary=SUMMARY,
        body=f"<p>{BODY}</p>",
        theme=theme,
        agency=newsroom.personas.district,
    )
    publish_translated(sections["news"], article, ARTICLE_TEXTS, ["en", "fr"], people)
    document = GoverningDocumentPage(
        title="Kế hoạch thông tin đối ngoại năm 2025",
        slug="ke-hoach-2025",
        number="25/KH-UBND",
        document_type="plan",
        issuing_body="UBND Thành phố",
        signed_on=datetime.date(2025, 1, 20),
        status="in_force",
    )
    publish_translated(sections["documents"], document, DOCUMENT_TEXTS, ["en"], people)
    event = EventPage(
        title="Hội chợ làng nghề",
        slug="hoi-cho",
        start=timezone.now() + datetime.timedelta(days=3),
        venue="Cung Văn hóa Hữu nghị",
    )
    publish_translated(sections["events"], event, {}, [], people)
    return Published(theme, article, document, event)
