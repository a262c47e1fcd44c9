"""The agency boundary, crawled: every admin route, as people of another agency, GET and POST.

The routes come from the URL resolver, so a route added tomorrow is crawled without anyone
adding it here; a route left out is in ``LEFT_OUT`` with its reason. Path arguments are filled
with objects of the demo city that belong to another agency than the persona's: a Tây Hồ draft
page with two revisions and its English translation, Tây Hồ's objects of each Beacon model.

Each route is asked as each persona: GET, POST with the form an administrator sees on that
route (what a browser would send), and an empty POST. A request fails the test when it

- writes: any INSERT, UPDATE or DELETE that touches a row (seen on the database connection,
  so it holds on SQLite and PostgreSQL alike), outside the person's own session;
- reads what the persona may not read: a 200 whose body holds a secret marker, i.e. a text of
  an object in an area and agency that ``policy.can(persona, area, "read", agency)`` refuses.

The demo is loaded once, and the crawl runs persona by persona in one test.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from beacon.core import policy
from beacon.core.guard import model_of
from beacon.core.models import Agency
from beacon.core.tests.forms import main_form

pytestmark = pytest.mark.dateless

# Routes not crawled, each with its reason.
LEFT_OUT = {
    "wagtailadmin_error_test": "Wagtail's deliberate server error, to test error reporting",
    "wagtailadmin_logout": "ends the persona's session: the rest would be crawled anonymously",
    "wagtailadmin_account": "the persona's own account and preferences, nobody else's",
    "core_two_step": "the persona's own second factor",
    "wagtailadmin_login": "anonymous: nobody's objects",
    "wagtailadmin_password_reset": "anonymous: sends a reset mail to an address one knows",
    "wagtailadmin_password_reset_done": "anonymous: a static page",
    "wagtailadmin_password_reset_confirm": "anonymous: needs a token mailed to the account",
    "wagtailadmin_password_reset_complete": "anonymous: a static page",
}
# Routes known to answer 500 to bad input, each with its cause; not a boundary question.
KNOWN_5XX: dict[str, str] = {}
# Tables a request may write whoever asks: the session (login, messages) and nothing else.
OWN_TABLES = {"django_session"}
# Writes a persona may make on the objects crawled, each with its reason.
ALLOWED_WRITES = {
    "translator": {
        "translation_glossaryterm": "translators keep the glossary, which belongs to no agency",
        "wagtailcore_referenceindex": "Wagtail's index of references, kept with a saved term",
        "core_auditevent": "the audit row of a glossary change, written with it",
        "wagtailcore_modellogentry": "Wagtail's log entry of a glossary change, written with it",
    },
}

SECRET_PAGE = "Bản nháp nội bộ của quận Tây Hồ, chưa công bố"
SECRET_STRING = "Internal Tay Ho draft, not yet published"


@dataclass
class Route:
    pattern: str
    name: str
    callback: Any
    kwargs: list[str] = field(default_factory=list)


_ARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            names = [m.group("name") or m.group("rname") for m in _ARG.finditer(pattern)]
            name = namespace + entry.name if entry.name else pattern
            yield Route(pattern, name, entry.callback, names)


def admin_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if r.pattern.startswith("admin/")]


def _path(route: Route, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        return values[match.group("name") or match.group("rname")]

    return "/" + _ARG.sub(fill, route.pattern).replace("^", "").replace("$", "").replace("\\", "")


@dataclass
class World:
    """The demo city, and the objects of Tây Hồ the crawl points at."""

    owner: Agency
    page: Any
    values: dict[str, str]
    secrets: list[tuple[str, str, Agency]]


def _world() -> World:
    from wagtail_localize.models import StringSegment, StringTranslation

    from beacon.portal.models import NewsArticlePage
    from beacon.translation.actions import do_request_translations

    call_command("load_demo", stdout=io.StringIO())
    owner = Agency.objects.get(name__icontains="Tây Hồ")
    news = Page.objects.get(depth=3, slug="tin-tuc")
    hung = get_user_model().objects.get(username="hung")
    page = NewsArticlePage(title=SECRET_PAGE, slug="nhap-tay-ho", body="<p>Nháp.</p>", agency=owner)
    news.add_child(instance=page)
    first = page.save_revision(user=hung)
    page.title = SECRET_PAGE + "."
    second = page.save_revision(user=hung)
    destination = NewsArticlePage.objects.filter(agency=owner).exclude(pk=page.pk).first()
    assert destination is not None
    english = next(
        t
        for t in do_request_translations(page, acting_user=hung)
        if t.target_locale.language_code == "en"
    )
    segment = StringSegment.objects.filter(source=english.source).first()
    assert segment is not None
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=english.target_locale,
        context=segment.context,
        defaults={"data": SECRET_STRING},
    )
    values = {
        "page_id": page.pk, "parent_page_id": page.pk, "page_to_move_id": page.pk,
        "page_pk": page.pk, "destination_id": destination.pk,
        "revision_id": second.pk, "revision_id_a": first.pk, "revision_id_b": second.pk,
        "translation_id": english.pk, "translation_source_id": english.source_id,
        "string_segment_id": segment.pk, "overridable_segment_id": segment.pk,
        "app_label": "factbase", "model_name": "fact", "app_name": "core",
        "content_type_app_name": "portal", "content_type_model_name": "newsarticlepage",
        "action": "delete", "action_name": "approve", "decision": "approve", "fmt": "csv",
        "mode": "", "item_key": "0", "filter_spec": "original", "object_id": page.pk,
        "uidb64": "x", "token": "x", "agency_pk": owner.pk, "key": "plan_done",
        **{kwarg: _first(label) for kwarg, label in FIRST_OF.items()},
    }  # fmt: skip
    return World(
        owner=owner,
        page=page,
        values={key: str(value) for key, value in values.items()},
        secrets=[(SECRET_PAGE, "content", owner), (SECRET_STRING, "translation", owner)],
    )


# Path arguments filled with the first object of a model (Wagtail's, or Beacon's without agency).
FIRST_OF = {
    "collection_id": "wagtailcore.Collection",
    "image_id": "wagtailimages.Image",
    "document_id": "wagtaildocs.Document",
    "doc_id": "wagtaildocs.Document",
    "uploaded_file_id": "wagtailcore.UploadedFile",
    "redirect_id": "wagtailredirects.Redirect",
    "plan_pk": "plans.Plan",
    "period_pk": "plans.ReportingPeriod",
    "candidate_pk": "factbase.Candidate",
    "task_id": "wagtailcore.Task",
    "task_state_id": "wagtailcore.TaskState",
    "workflow_state_id": "wagtailcore.WorkflowState",
    "workflow_pk": "wagtailcore.Workflow",
    "session_id": "wagtailadmin.EditingSession",
    "contact_pk": "outreach.Contact",
}


def _first(label: str) -> str:
    first = apps.get_model(label)._default_manager.order_by("pk").first()
    return str(first.pk) if first is not None else "999999"


def _owned_pk(model: Any, owner: Agency) -> str:
    """An object of the model that belongs to ``owner`` if the model belongs to agencies."""
    from wagtail.permissions import policy_registry

    queryset = model._default_manager.order_by("pk")
    agency_field = getattr(policy_registry.get_by_type(model), "agency_field", None)
    if agency_field:
        owned = queryset.filter(**{agency_field: owner.pk}).first()
        if owned is not None:
            return str(owned.pk)
    first = queryset.first()
    return str(first.pk) if first is not None else "999999"


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


class Writes:
    """Records every statement that changed rows on the connection, by table."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"} and context["cursor"].rowcount:
            match = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', sql, re.IGNORECASE)
            self.tables.add(match.group(1) if match else sql[:60])
        return result


@dataclass
class Finding:
    persona: str
    method: str
    path: str
    what: str


def _personas() -> dict[str, Any]:
    """Minh (officer of Hoàn Kiếm), Mai (viewer), and a French translator of the lead agency."""
    from beacon.core.actions import do_grant_role
    from beacon.core.roles import Role
    from beacon.translation.actions import ensure_translator_profile

    users = get_user_model().objects
    viewer = users.get(username="mai")
    translator = users.create_user(username="crawl-fr", password="x")
    do_grant_role(translator, Agency.objects.get(kind="lead"), Role.TRANSLATOR, acting_user=None)
    ensure_translator_profile(translator, ["fr"])
    return {"officer": users.get(username="minh"), "viewer": viewer, "translator": translator}


def test_it_keeps_every_admin_route_inside_the_agency_boundary(db: Any) -> None:
    world = _world()
    personas = _personas()
    routes = [r for r in admin_routes() if r.name not in LEFT_OUT]
    assert set(LEFT_OUT) <= {r.name for r in admin_routes()}, "LEFT_OUT names a gone route"
    unknown = {k for r in routes for k in r.kwargs if k != "pk" and k not in world.values}
    assert not unknown, f"routes with arguments the crawl cannot fill: {unknown}"
    admin = Client(raise_request_exception=False)
    admin.force_login(get_user_model().objects.get(username="admin"))
    paths: list[tuple[Route, str, dict[str, list[str]]]] = []
    for route in routes:
        values = dict(world.values)
        if "pk" in route.kwargs:
            model = model_of(route.callback)
            if "wagtailadmin_pages" in route.name or "api:pages" in route.name:
                values["pk"] = str(world.page.pk)
            else:
                values["pk"] = _owned_pk(model, world.owner) if model else "1"
        path = _path(route, values)
        seen = admin.get(path)
        html = seen.status_code == 200 and "html" in seen.get("Content-Type", "")
        form = main_form(_body(seen)) if html else {}
        paths.append((route, path, form))
    findings: list[Finding] = []
    tried = 0
    errors: list[str] = []
    for label, user in personas.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        secrets = [
            text
            for text, area, agency in world.secrets
            if not policy.can(user, area, "read", agency)
        ]
        for route, path, form in paths:
            for method, data in (("GET", None), ("POST", form), ("POST", {})):
                writes = Writes()
                with connection.execute_wrapper(writes):
                    response = client.get(path) if method == "GET" else client.post(path, data)
                tried += 1
                if response.status_code >= 500 and route.name not in KNOWN_5XX:
                    errors.append(f"{label} {method} {path} ({route.name})")
                written = writes.tables - OWN_TABLES - ALLOWED_WRITES.get(label, {}).keys()
                if written:
                    findings.append(Finding(label, method, path, f"wrote {sorted(written)}"))
                if response.status_code == 200:
                    body = _body(response)
                    for text in secrets:
                        if text in body:
                            findings.append(Finding(label, method, path, f"read {text!r}"))
    print(f"\ncrawled {len(paths)} routes x {len(personas)} personas x 3 = {tried} requests")
    print(f"left out: {len(LEFT_OUT)}; answered 5xx outside KNOWN_5XX: {len(errors)}")
    assert not findings, "\n".join(f"{f.persona} {f.method} {f.path}: {f.what}" for f in findings)
    assert not errors, "server errors:\n" + "\n".join(errors)
