"""The term base in the admin: adding terms, conflicts reported, seeding from agencies."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from beacon.core.models import AuditEvent
from beacon.translation.actions import do_seed_glossary
from beacon.translation.models import GlossaryTerm


def _term(**overrides: str) -> dict[str, str]:
    return {
        "source_language": "vi",
        "source_term": "Hồ Hoàn Kiếm",
        "target_language": "fr",
        "target_term": "Lac Hoan Kiem",
        "kind": "place",
        "note": "",
        **overrides,
    }


def test_it_lets_a_translator_add_a_term_and_audits_it(newsroom: Any) -> None:
    client = Client()
    client.force_login(newsroom.translator_fr)
    response = client.post(reverse("translation_glossary:add"), _term())
    assert response.status_code == 302
    term = GlossaryTerm.objects.get()
    assert term.target_term == "Lac Hoan Kiem"
    assert AuditEvent.objects.filter(action="glossaryterm.create").count() == 1


def test_it_reports_a_conflict_instead_of_replacing_the_approved_term(newsroom: Any) -> None:
    client = Client()
    client.force_login(newsroom.translator_fr)
    client.post(reverse("translation_glossary:add"), _term())
    response = client.post(
        reverse("translation_glossary:add"),
        _term(source_term="hồ  hoàn kiếm", target_term="Lac de l'Épée restituée"),
    )
    assert response.status_code == 200
    assert "already has the approved translation" in response.content.decode()
    assert list(GlossaryTerm.objects.values_list("target_term", flat=True)) == ["Lac Hoan Kiem"]


def test_it_keeps_the_glossary_closed_to_people_without_a_content_role(newsroom: Any) -> None:
    client = Client()
    client.force_login(newsroom.personas.outsider)
    response = client.post(reverse("translation_glossary:add"), _term())
    assert response.status_code in (302, 403)
    assert not GlossaryTerm.objects.exists()


def test_it_seeds_terms_from_agency_names_and_reports_conflicts(newsroom: Any) -> None:
    lead = newsroom.personas.lead
    GlossaryTerm.objects.create(
        source_language="vi",
        source_term=lead.name,
        target_language="en",
        target_term="Information Department",
        kind="agency",
    )
    report = do_seed_glossary(acting_user=None)
    assert any(lead.name in message for message in report.conflicts)
    kept = GlossaryTerm.objects.get(source_term=lead.name, target_language="en")
    assert kept.target_term == "Information Department"
    assert GlossaryTerm.objects.filter(source_term=lead.name, target_language="fr").exists()
    assert GlossaryTerm.objects.filter(source_term="Hà Nội", target_term="Hanoï").exists()
    again = do_seed_glossary(acting_user=None)
    assert again.created == 0
