"""Bad input never answers 500: a fixed corpus of hostile strings over every public route and
every admin form of Beacon's viewsets.

The corpus is fixed (no random generation), so a failure is reproduced by running the test
again, on SQLite and on PostgreSQL alike (no new dependency: hypothesis would add shrinking,
which a fixed corpus does not need). Public routes and admin viewsets come from the URL
resolver and Wagtail's registry, so a route added later is fuzzed too; ``NOT_FUZZED`` lists
those left out, with the reason. Each request runs in a savepoint, so a database error in one
does not hide the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.test.utils.form_data import querydict_from_html

from beacon.portal.tests.fixtures import Published

pytestmark = pytest.mark.dateless

CORPUS = [
    '"', 'a"b', "\x00", "a\x00b", "'", "\\", "%", "%00", "*", "NEAR(a b)", "a OR b", "-a",
    "(", "^", "\ud800", "9" * 30, "-1", "0", "1e309", "NaN", "٣", "x" * 5000, "Hà Nội",
    "𝔥𝔞𝔫𝔬𝔦 😀", "\u202e", "<script>alert(1)</script>", "../../etc/passwd",
    "javascript:alert(1)", "\r\nSet-Cookie: x=1", "2026-02-30", "9999-12-31", "{}", "[]",
]  # fmt: skip
# Put in every field of an admin form at once (an admin page costs more than a public one).
ADMIN_CORPUS = ['"', "\x00", "'", "%", "NEAR(a b)", "9" * 30, "-1", "٣", "x" * 5000, "𝔥𝔞𝔫𝔬𝔦 😀",
                "<script>alert(1)</script>", "2026-02-30"]  # fmt: skip
# Tried one field at a time on the admin forms, the others left as the form shows them.
NASTIEST = ["\x00", "9" * 30]
# Query-string names the public views read (request.GET) and the kiosk API's.
PARAMS = ["q", "page", "status", "show", "token", "language", "months", "days", "agency", "fmt"]
NOT_FUZZED = {
    "wagtaildocs_serve": "serves stored files; its id is an int, its file name is not looked up",
    None: "media files served from disk in development",
}


def _encoded(value: str) -> str:
    """Percent-encoded as a browser would send it (a lone surrogate as its raw UTF-8 bytes)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _readable(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@dataclass
class Tally:
    tried: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, what: str, send: Any) -> None:
        """Send one request in a savepoint; record it when it ends in a server error."""
        self.tried += 1
        try:
            with transaction.atomic():
                status = send().status_code
        except Exception as exc:
            self.failures.append(f"{what}: {type(exc).__name__}: {str(exc)[:200]}")
            return
        if status >= 500:
            self.failures.append(f"{what}: HTTP {status}")


def _public_routes() -> Iterator[tuple[str | None, str]]:
    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str | None, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield pattern.name, prefix + str(pattern.pattern)

    for name, route in walk(get_resolver().url_patterns, ""):
        if not route.startswith(("admin/", "django-admin/")):
            yield name, route


def _paths(name: str | None, route: str, value: str, pages: list[str]) -> list[str]:
    """The route with every captured part given the value (an int part: the value if digits).

    Wagtail's page route (a regular expression) is tried on the sample pages and on the value.
    """
    encoded = _encoded(value)
    if name == "wagtail_serve":
        return [*pages, "/" + route.split("^", 1)[0] + encoded + "/"]
    number = value if value.isascii() and value.isdigit() else "1"
    path = re.sub(r"<int:\w+>", number, route)
    path = re.sub(r"<slug:\w+>", "x", path)
    path = re.sub(r"<(?:str:)?\w+>", encoded, path)
    return ["/" + path]


PUBLIC = [(name, route) for name, route in _public_routes() if name not in NOT_FUZZED]


def test_it_covers_every_public_route() -> None:
    names = {name for name, _route in _public_routes()}
    assert {"portal_search", "newsletters_subscribe", "training_verify", "playlist"} <= names
    assert len(PUBLIC) >= 20


def test_no_public_route_answers_500_to_hostile_input(published: Published) -> None:
    """Every route in one test: the sample pages are published once for all of them."""
    client = Client(raise_request_exception=True)
    pages = [published.document.get_parent().url, "/vi/"]
    failures = []
    tried = 0
    for name, route in PUBLIC:
        tally = Tally()
        for value in CORPUS:
            query = "&".join(f"{param}={_encoded(value)}" for param in PARAMS)
            ascii_value = value if value.isascii() and value.isprintable() else "x"
            headers = {"Authorization": f"Bearer {ascii_value}", "If-None-Match": ascii_value}
            body = {field: _readable(value) for field in FORM_FIELDS}
            for path in _paths(name, route, value, pages):
                what = f"{path[:80]} {_readable(value)[:20]!r}"
                tally.check(
                    f"GET {what}",
                    lambda p=path, q=query, h=headers: client.get(f"{p}?{q}", headers=h),
                )
                tally.check(
                    f"POST {what}", lambda p=path, b=body, h=headers: client.post(p, b, headers=h)
                )
        tried += tally.tried
        failures += tally.failures
    assert tried >= len(PUBLIC) * len(CORPUS) * 2
    assert not failures, "\n".join([f"{len(failures)} of {tried} failed", *failures[:30]])


# Fields of the public forms (subscribe, log in, page passwords) and of the kiosk API.
FORM_FIELDS = ["email", "language", "newsletters", "website", "username", "password", "next",
               "token", "do", "label", "kiosk", "version", "shown", "errors"]  # fmt: skip


def _beacon_viewsets() -> list[ModelViewSet]:
    """Beacon's viewsets that have an add form (some only list what the system writes)."""
    assert get_resolver().url_patterns  # loading the admin's URLs registers the viewsets
    found = []
    for viewset in viewsets.viewsets:
        if not (
            isinstance(viewset, ModelViewSet) and type(viewset).__module__.startswith("beacon.")
        ):
            continue
        try:
            reverse(viewset.get_url_name("add"))
        except NoReverseMatch:
            continue
        found.append(viewset)
    return found


def _add_form(client: Client, url: str) -> Any:
    """The fields of the add form, as the browser would post them untouched."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    forms = [f for f in soup.find_all("form") if (f.get("method") or "").lower() == "post"]
    main = max(forms, key=lambda f: len(f.find_all(["input", "select", "textarea"])))
    return querydict_from_html(str(main))


@pytest.mark.parametrize(
    "viewset_name",
    [v.name for v in _beacon_viewsets()],
)
def test_no_admin_form_answers_500_to_hostile_input(personas: Any, viewset_name: str) -> None:
    from beacon.core.tests.factories import UserFactory

    viewset = next(v for v in _beacon_viewsets() if v.name == viewset_name)
    url = reverse(viewset.get_url_name("add"))
    client = Client(raise_request_exception=True)
    client.force_login(personas.coordinator)
    if client.get(url).status_code != 200:
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    if client.get(url).status_code != 200:
        pytest.skip(f"{url}: nobody may add here (the rows come from elsewhere)")
    form = _add_form(client, url)
    fields = [key for key in form if key != "csrfmiddlewaretoken"]
    tally = Tally()
    for value in ADMIN_CORPUS:
        data = form.copy()
        for key in fields:
            data.setlist(key, [_readable(value)])
        tally.check(f"all fields {_readable(value)[:20]!r}", lambda d=data: client.post(url, d))
    for key in fields:
        for value in NASTIEST:
            data = form.copy()
            data.setlist(key, [value])
            tally.check(f"{key}={value[:20]!r}", lambda d=data: client.post(url, d))
    _report(url, tally)


def _report(what: str, tally: Tally) -> None:
    assert tally.tried
    assert not tally.failures, "\n".join(
        [f"{what}: {len(tally.failures)} of {tally.tried}", *tally.failures[:20]]
    )
