"""The analyst's triage: claims from the beat job, reject, "needs a fact", facts due for review."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beacon.factbase import actions
from beacon.factbase.models import Claim, ClaimScan, ClaimStatus, Decision, FactRequest
from beacon.factbase.tasks import extract_new_claims
from beacon.factbase.tests.conftest import METRO, METRO_VI, PARKS, PARKS_VI, Desk
from beacon.monitoring.models import Article, Source, Story

TEXT = (
    "Hanoï compte moins de 50 parcs publics, selon un rapport publié en 2025. "
    "Je trouve la ville magnifique. Faut-il y aller en automne ?"
)


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _article(**fields: Any) -> Article:
    source, _created = Source.objects.get_or_create(
        url="https://quotidien.example/rss", defaults={"name": "Le Quotidien", "country": "FR"}
    )
    now = timezone.now()
    story = Story.objects.create(
        title="Les parcs de Hanoï", language="fr", first_seen_at=now, last_seen_at=now,
        signature=b"",
    )  # fmt: skip
    values = {
        "source": source,
        "story": story,
        "url": "https://quotidien.example/hanoi-parcs",
        "url_hash": "b" * 64,
        "title": "Les parcs de Hanoï",
        "text": TEXT,
        "language": "fr",
        "country": "FR",
        "media_kind": "newspaper",
        **fields,
    }
    return Article.objects.create(**values)


def test_the_beat_job_extracts_and_matches_claims_once(desk: Desk) -> None:
    parks = desk.approved_fact(PARKS_VI, PARKS)
    article = _article()
    elsewhere = _article(url="https://quotidien.example/x", url_hash="c" * 64, about_city=False)
    assert extract_new_claims.delay().get() == 1
    claim = Claim.objects.get()
    assert claim.article == article and claim.text.startswith("Hanoï compte moins de 50 parcs")
    assert claim.candidates.order_by("rank").first().fact == parks
    assert ClaimScan.objects.get(article=elsewhere).found == 0
    assert extract_new_claims.delay().get() == 0
    assert Claim.objects.count() == 1
    schedule = django_settings.CELERY_BEAT_SCHEDULE["factbase-extract-claims"]
    assert schedule["task"] == extract_new_claims.name


def test_it_asks_the_owning_agency_for_a_fact(desk: Desk) -> None:
    claim = actions.do_add_claim(TEXT.split(". ")[0], "fr", acting_user=desk.analyst)
    tuan = _login(desk.analyst)
    url = reverse("factbase:claim_request_fact", args=[claim.pk])
    refused = tuan.post(url, {"agency": "", "note": ""})
    assert refused.status_code == 400  # shown again, the error on the agency field
    assert 'class="errorlist"' in refused.content.decode()
    assert not FactRequest.objects.exists()
    tuan.post(url, {"agency": desk.transport.pk, "note": "Nombre de parcs ?"})
    request = FactRequest.objects.get()
    assert request.agency == desk.transport and request.created_by == desk.analyst
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_FACT
    inbox = tuan.get(reverse("factbase:inbox") + "?status=needs_fact").content.decode()
    assert "Hanoï compte moins de 50 parcs" in inbox

    nga = _login(desk.transport_officer)
    assert (
        "claims wait for a fact from your agency"
        in nga.get(reverse("wagtailadmin_home")).content.decode()
    )
    assert "Nombre de parcs ?" in nga.get(reverse("factbase:requests")).content.decode()
    # Only the analyst's side triages: the officer cannot ask or reject.
    nga.post(reverse("factbase:claim_reject", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEEDS_FACT


def test_rejected_candidates_stay_rejected_when_matching_again(desk: Desk) -> None:
    desk.approved_fact(METRO_VI, METRO)
    desk.approved_fact(PARKS_VI, PARKS)
    claim = actions.do_add_claim(TEXT.split(". ")[0], "fr", acting_user=desk.analyst)
    actions.do_match_claim(claim)
    wrong = claim.candidates.get(rank=2)
    tuan = _login(desk.analyst)
    tuan.post(reverse("factbase:candidate_decide", args=[claim.pk, wrong.pk, "reject"]))
    wrong.refresh_from_db()
    assert wrong.decision == Decision.REJECTED
    tuan.post(reverse("factbase:claim_match", args=[claim.pk]))
    assert claim.candidates.filter(key=wrong.key).count() == 1
    drafted = tuan.post(
        reverse("factbase:claim_respond", args=[claim.pk]), {"verdict": "false"}, follow=True
    )
    assert "Confirm at least one matching fact first." in drafted.content.decode()
    tuan.post(reverse("factbase:claim_reject", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED


def test_it_lists_facts_due_for_review_for_their_agency(desk: Desk) -> None:
    due = desk.approved_fact(
        METRO_VI, METRO, review_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    desk.approved_fact(
        PARKS_VI, PARKS, review_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    nga = _login(desk.transport_officer)
    assert "facts due for review" in nga.get(reverse("wagtailadmin_home")).content.decode()
    listing = nga.get(reverse("factbase:due")).content.decode()
    assert "32.000" in listing and "112 công viên" not in listing
    assert due.statement[:40] in listing
    other = _login(desk.personas.other_officer).get(reverse("factbase:due")).content.decode()
    assert "32.000" not in other
