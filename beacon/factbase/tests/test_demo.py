"""The demo fact base: loaded on the newsroom, again without change, its pages valid."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from beacon.core.roles import AgencyKind
from beacon.core.tests.factories import AgencyFactory
from beacon.factbase.demo_loader import load_factbase_demo
from beacon.factbase.models import Fact, FactCheckIndexPage, FactCheckPage, Response
from beacon.factbase.tests import schemaorg


def test_it_loads_facts_and_fact_checks_once(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for code in ("SO-GTVT", "SO-DULICH", "SO-TNMT", "SO-TTTT"):
        AgencyFactory(code=code, name=code, kind=AgencyKind.DEPARTMENT)
    # wagtail-localize publishes translations once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        first = load_factbase_demo()
    assert (first.facts, first.fact_checks) == (4, 2)
    assert all(fact.is_citable() for fact in Fact.objects.all())
    assert FactCheckPage.objects.live().count() == 6  # two fact checks in vi, en and fr

    responses = Response.objects.select_related("claim", "page")
    assert sorted(r.claim.language for r in responses) == ["en", "fr"]
    assert all(r.published_at and r.time_to_respond.total_seconds() > 0 for r in responses)

    again = load_factbase_demo()
    assert (again.facts, again.fact_checks, again.claims) == (4, 2, 0)
    assert Response.objects.count() == 2
    assert Fact.objects.count() == 4 and FactCheckPage.objects.count() == 6

    for page in FactCheckPage.objects.live():
        html = Client().get(page.url).content.decode()
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
        assert match is not None
        assert schemaorg.errors(json.loads(match.group(1))) == []


def test_the_set_up_command_is_idempotent(newsroom: Any) -> None:
    for _run in range(2):
        out = io.StringIO()
        call_command("set_up_factbase", stdout=out)
        assert "fact workflow ready" in out.getvalue()
    assert FactCheckIndexPage.objects.count() == 3
    assert Fact.get_default_workflow().name == "Fact approval"
    # Editors write fact checks by hand too, and officers propose facts.
    index = FactCheckIndexPage.objects.get(locale__language_code="vi")
    editor = Client()
    editor.force_login(newsroom.editor)
    add = reverse("wagtailadmin_pages:add", args=["factbase", "factcheckpage", index.pk])
    assert editor.get(add).status_code == 200
    officer = Client()
    officer.force_login(newsroom.personas.officer)
    assert officer.get(reverse("wagtailsnippets_factbase_fact:add")).status_code == 200
