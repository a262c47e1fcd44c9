"""The false-information loop on the demo's own claims, as ``beacon demo`` loads them.

Claim → candidate confirmed → response drafted → French approved by the demo's translator →
the reviewer approves from the edit screen → the fact check is live with its ClaimReview.

Issue 19's second blocker: Tuấn opened a claim from a French article of the demo press,
confirmed a candidate fact and started the response; drafting failed with "Enter a valid URL"
and no field marked, because the article's address (``demo://…``, the packaged outlets) went
into the fact check's URL field.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import Translation

from beacon.factbase.models import Claim, Decision, Response
from beacon.portal.workflow import ReviewerApprovalTask
from beacon.translation.actions import do_approve_translation
from beacon.translation.tests.segments import fill_untranslated


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def demo(db: Any, eager_tasks: None, settings: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """The demo city, its people, the portal's trees, the monitored press and the fact base."""
    from django.contrib.auth import get_user_model

    from beacon.core.demo import hanoi
    from beacon.core.demo_loader import load_agencies, load_city, load_users
    from beacon.factbase.demo_loader import load_factbase_demo
    from beacon.monitoring.demo_loader import load_monitoring_demo
    from beacon.portal.setup import do_set_up_portal

    settings.BASE_URL = "http://testserver"
    load_city(hanoi.CITY)
    load_agencies(hanoi.AGENCIES)
    load_users(hanoi.USERS, "Pass-Word-2025!")
    do_set_up_portal()
    load_monitoring_demo()
    with django_capture_on_commit_callbacks(execute=True):
        loaded = load_factbase_demo()
    assert loaded.claims > 0
    return get_user_model()._default_manager


def test_it_answers_a_french_claim_of_the_demo_press_with_a_published_fact_check(
    demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim = Claim.objects.filter(language="fr", text__contains="moins de 5 000").first()
    assert claim is not None
    assert claim.article.url.startswith("demo://")
    tuan = _login(demo.get(username="tuan"))
    screen = tuan.get(reverse("factbase:claim", args=[claim.pk]))
    assert screen.status_code == 200

    candidate = claim.candidates.filter(fact__isnull=False).order_by("rank").first()
    assert candidate is not None and "32.000" in candidate.fact.statement
    confirm = reverse("factbase:candidate_decide", args=[claim.pk, candidate.pk, "confirm"])
    assert tuan.post(confirm).status_code == 302
    assert claim.candidates.get(pk=candidate.pk).decision == Decision.CONFIRMED

    # No verdict: the form comes back with the error on its field, nothing is drafted.
    refused = tuan.post(reverse("factbase:claim_respond", args=[claim.pk]), {})
    assert refused.status_code == 400
    assert 'class="errorlist"' in refused.content.decode()

    assert not Response.objects.filter(claim=claim).exists()
    drafted = tuan.post(reverse("factbase:claim_respond", args=[claim.pk]), {"verdict": "false"})
    assert drafted.status_code == 302, drafted.content.decode()[:3000]
    page = Response.objects.get(claim=claim).page.specific
    assert drafted["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.claim_outlet == claim.article.source.name
    assert page.claim_url == ""  # no public address to link to
    assert page.claim_reviewed == claim.text
    assert tuan.get(drafted["Location"]).status_code == 200

    # Pierre approves the French, the one language the demo requires before review.
    french = Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="fr"
    )
    pierre = demo.get(username="pierre")
    fill_untranslated(french, pierre)
    with django_capture_on_commit_callbacks(execute=True):
        do_approve_translation(french, acting_user=pierre)
    page.refresh_from_db()
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)

    # Thu approves from the edit screen, as in the browser; the fact check goes live.
    thu = _login(demo.get(username="thu"))
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = querydict_from_html(thu.get(edit).content.decode(), form_id="page-edit-form")
    form["action-workflow-action"] = "1"
    form["workflow-action-name"] = "approve"
    with django_capture_on_commit_callbacks(execute=True):
        assert thu.post(edit, form).status_code == 302
    page.refresh_from_db()
    assert page.live
    live_french = page.get_translation(french.target_locale)
    assert live_french.live
    html = Client().get(live_french.url).content.decode()
    assert '"ClaimReview"' in html and claim.text in html
    answered = tuan.get(reverse("factbase:claim", args=[claim.pk])).content.decode()
    assert Response.objects.get(claim=claim).published_at is not None
    assert page.title in answered
