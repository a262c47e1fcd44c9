"""Bad input and the retired-fact rules: clear messages, no crash, nothing half-made."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beacon.factbase import actions, index, matching
from beacon.factbase.models import Claim, FactCheckCitation, FactCheckPage, Response
from beacon.factbase.setup import fact_check_index
from beacon.factbase.tests.conftest import METRO, METRO_VI, Desk, make_fact

CLAIM = "La ligne 3 du métro de Hanoï transporterait moins de 5 000 passagers par jour."


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   ", "The claim is empty."),
        ("\x01\x02\x03\x04\x05\x06\x07\x08", "control characters"),
        ("\x00", "Null characters are not allowed."),
        ("12 345 %%% 67", "no words"),
        ("Hanoï " * 20_000, "characters long; the limit is"),
    ],
)
def test_it_refuses_empty_huge_and_non_text_claims_with_a_message(
    desk: Desk, text: str, error: str
) -> None:
    response = _login(desk.analyst).post(
        reverse("factbase:add_claim"), {"text": text, "language": "fr"}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Claim.objects.exists()


def test_the_action_refuses_what_is_not_text(desk: Desk) -> None:
    with pytest.raises(matching.ClaimError, match="binary"):
        actions.do_add_claim(b"\x89PNG", "fr", acting_user=desk.analyst)
    with pytest.raises(matching.ClaimError, match="not text"):
        actions.do_add_claim(42, "fr", acting_user=desk.analyst)
    assert not Claim.objects.exists()


def test_it_says_so_when_the_fact_base_is_empty(desk: Desk) -> None:
    client = _login(desk.analyst)
    response = client.post(
        reverse("factbase:add_claim"), {"text": CLAIM, "language": "fr"}, follow=True
    )
    assert response.status_code == 200
    assert "no approved, valid fact" in " ".join(_messages(response))
    assert Claim.objects.get().candidates.count() == 0


def test_it_says_so_when_no_fact_is_in_the_claims_language(desk: Desk) -> None:
    desk.approved_fact(METRO_VI, METRO)
    response = _login(desk.analyst).post(
        reverse("factbase:add_claim"),
        {
            "text": "Die U-Bahn-Linie 3 in Hanoi befördert weniger als 5.000 Fahrgäste.",
            "language": "de",
        },
        follow=True,
    )
    assert "no fact in Deutsch" in " ".join(_messages(response))
    claim = Claim.objects.get()
    assert claim.candidates.first().fact is not None  # found across languages all the same


def test_it_refuses_a_duplicate_fact(desk: Desk) -> None:
    desk.approved_fact(METRO_VI, METRO)
    with pytest.raises(ValidationError) as refused:
        make_fact(desk.transport, "  " + METRO_VI.upper() + " ", {})
    assert "already fact #" in str(refused.value)


def _confirmed_claim(desk: Desk, fact: Any) -> Claim:
    claim = actions.do_add_claim(CLAIM, "fr", acting_user=desk.analyst)
    actions.do_match_claim(claim)
    candidate = claim.candidates.get(fact=fact)
    actions.do_confirm_candidate(candidate, acting_user=desk.analyst)
    return claim


def test_it_never_cites_a_retired_fact_in_a_new_response(desk: Desk) -> None:
    fact = desk.approved_fact(METRO_VI, METRO)
    claim = _confirmed_claim(desk, fact)
    actions.do_retire_fact(fact, "New figures for November", acting_user=desk.transport_officer)
    response = _login(desk.analyst).post(
        reverse("factbase:claim_respond", args=[claim.pk]), {"verdict": "false"}
    )
    assert response.status_code == 400  # the claim screen again, the reason on the form
    assert "cannot be cited" in " ".join(response.context["response_form"].non_field_errors())
    assert not FactCheckPage.objects.exists() and not Response.objects.exists()
    # Nor is it proposed again.
    assert all(not doc.key.startswith(f"fact:{fact.pk}:") for doc in index.documents())


def test_it_never_cites_an_expired_fact(desk: Desk) -> None:
    fact = desk.approved_fact(METRO_VI, METRO)
    claim = _confirmed_claim(desk, fact)
    type(fact).objects.filter(pk=fact.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        actions.do_draft_response(claim, "false", acting_user=desk.analyst)
    assert not FactCheckPage.objects.exists()


def test_it_lists_published_responses_whose_fact_was_retired_since(desk: Desk) -> None:
    fact = desk.approved_fact(METRO_VI, METRO)
    claim = _confirmed_claim(desk, fact)
    page = FactCheckPage(
        title="Kiểm chứng", slug="kiem-chung-metro", claim_reviewed=CLAIM, verdict="false",
        explanation="<p>32.000</p>",
    )  # fmt: skip
    page.citations.add(FactCheckCitation(fact=fact))
    fact_check_index("vi").add_child(instance=page)
    revision = page.save_revision()
    response = Response.objects.create(claim=claim, page=page)
    revision.publish()
    # Publication recorded the time to respond.
    response.refresh_from_db()
    assert response.published_at is not None
    assert not Response.objects.needing_review().exists()

    client = _login(desk.transport_officer)
    retired = client.post(
        reverse("factbase:fact_retire", args=[fact.pk]), {"reason": "Revised figures"}
    )
    assert retired.status_code == 302
    assert list(Response.objects.needing_review()) == [response]
    listing = _login(desk.analyst).get(reverse("factbase:responses") + "?show=review")
    assert page.title in listing.content.decode()
    home = _login(desk.analyst).get(reverse("wagtailadmin_home")).content.decode()
    assert "published responses cite a fact retired since" in home


def test_only_the_facts_agency_retires_it(desk: Desk) -> None:
    fact = desk.approved_fact(METRO_VI, METRO)
    for user in (desk.personas.other_officer, desk.analyst, desk.reviewer):
        _login(user).post(reverse("factbase:fact_retire", args=[fact.pk]), {"reason": "x"})
    fact.refresh_from_db()
    assert fact.retired_at is None
    with pytest.raises(ValidationError, match="why"):
        actions.do_retire_fact(fact, "  ", acting_user=desk.transport_officer)
