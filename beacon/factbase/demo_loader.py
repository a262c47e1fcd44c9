"""The demo fact base: facts approved, two fact checks published, claims from the demo press.

Idempotent: facts and pages are found by their statement and slug; articles already searched
for claims are not searched again. Runs after the portal and monitoring demos.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from beacon.core.models import Agency
from beacon.factbase import actions, index
from beacon.factbase.demo_data import FACT_CHECKS, FACTS
from beacon.factbase.models import (
    Claim,
    ClaimStatus,
    Evidence,
    Fact,
    FactCheckCitation,
    FactCheckPage,
    FactTranslation,
    Response,
)
from beacon.factbase.setup import fact_check_index, fact_workflow
from beacon.monitoring.models import Article
from beacon.portal.demo_loader import demo_translators, publish_translated

SOURCE = "vi"


@dataclass
class DemoFactbase:
    facts: int
    fact_checks: int
    claims: int


def _fact(spec: dict[str, Any]) -> Fact:
    existing = Fact.objects.filter(language=SOURCE, statement=spec[SOURCE]).first()
    if existing is not None:
        return existing
    fact = Fact(
        agency=Agency.objects.get(code=spec["agency"]),
        language=SOURCE,
        statement=spec[SOURCE],
        topic=spec["topic"],
        review_on=datetime.date(2026, 12, 31),
        live=False,
    )
    for language in ("en", "fr"):
        fact.translations.add(FactTranslation(language=language, statement=spec[language]))
    title, value, unit, source, as_of = spec["statistic"]
    fact.evidence.add(
        Evidence(
            kind="statistic",
            title=title,
            value=value,
            unit=unit,
            source=source,
            as_of=datetime.date.fromisoformat(as_of),
        )
    )
    if spec["link"]:
        fact.evidence.add(Evidence(kind="link", title=spec["link"][0], url=spec["link"][1]))
    fact.full_clean()
    fact.save()
    # The demo's facts arrive approved, as if their reviewer had been through them.
    fact.save_revision().publish()
    return fact


def _explanation(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _fact_check(spec: dict[str, Any], facts: list[Fact], people: Any) -> FactCheckPage:
    parent = fact_check_index(SOURCE)
    existing = FactCheckPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    source = spec[SOURCE]
    page = FactCheckPage(
        title=source["title"],
        slug=spec["slug"],
        summary=source["summary"],
        claim_reviewed=source["claim"],
        claim_outlet=spec["outlet"],
        claim_url=spec["url"],
        claim_date=datetime.date.fromisoformat(spec["date"]),
        verdict=spec["verdict"],
        explanation=_explanation(source["explanation"]),
        agency=Agency.objects.filter(code="SO-TTTT").first(),
    )
    for order, position in enumerate(spec["facts"]):
        page.citations.add(FactCheckCitation(fact=facts[position], sort_order=order))
    texts: dict[str, dict[str, str]] = {}
    for language in ("en", "fr"):
        target = spec[language]
        pairs = {
            source["title"]: target["title"],
            source["summary"]: target["summary"],
            source["claim"]: target["claim"],
            spec["slug"]: slugify(anyascii(target["title"]))[:60],
        }
        pairs.update(zip(source["explanation"], target["explanation"], strict=True))
        texts[language] = pairs
    publish_translated(parent, page, texts, ["en", "fr"], people)
    page.refresh_from_db()  # publishing wrote first_published_at to the row, not to this object
    _response(spec, page, people)
    return page


def _response(spec: dict[str, Any], page: FactCheckPage, people: Any) -> Response:
    """The claim the fact check answers, as if pasted by the analyst, and the response to it.

    Without them the Responses screen would say "none" beside published fact checks.
    """
    source = spec[SOURCE]
    language = next(
        (code for code in ("fr", "en") if spec[code]["claim"] == source["claim"]), SOURCE
    )
    appeared = datetime.datetime.combine(
        datetime.date.fromisoformat(spec["date"]), datetime.time(9), tzinfo=datetime.UTC
    )
    claim = Claim.objects.create(
        text=source["claim"], language=language, status=ClaimStatus.MATCHED, detected_at=appeared
    )
    return Response.objects.create(
        claim=claim,
        page=page,
        created_by=people.editor,
        created_at=appeared,
        published_at=page.first_published_at,
    )


@transaction.atomic
def _claims(report: Callable[[str], None]) -> int:
    finder = actions.city_finder()
    found = []
    for article in Article.objects.filter(claim_scan__isnull=True).order_by("seen_at"):
        found.extend(actions.do_extract_claims(article, finder=finder))
    for claim in found:
        actions.do_match_claim(claim)
    report(f"Fact base: {len(found)} claims found in the demo press and matched")
    return len(found)


def load_factbase_demo(report: Callable[[str], None] = lambda _line: None) -> DemoFactbase:
    fact_workflow()
    facts = [_fact(spec) for spec in FACTS]
    people = demo_translators()
    checks = [_fact_check(spec, facts, people) for spec in FACT_CHECKS]
    report(f"Fact base: {len(facts)} facts, {len(checks)} fact checks")
    claims = _claims(report) if index.documents() else 0
    return DemoFactbase(len(facts), len(checks), claims)
