"""The public fact-check page in each language cites the facts in that language."""

from __future__ import annotations

from django.test import Client
from wagtail.models import Locale

from beacon.factbase.models import FactCheckCitation, FactCheckPage
from beacon.factbase.setup import fact_check_index
from beacon.factbase.tests.conftest import METRO, METRO_VI, PARKS, PARKS_VI, Desk


def test_it_cites_each_fact_in_the_pages_language_or_marks_the_original(desk: Desk) -> None:
    metro = desk.approved_fact(METRO_VI, METRO)
    parks = desk.approved_fact(PARKS_VI, {"en": PARKS["en"]})  # no French statement
    source = FactCheckPage(
        title="Kiểm chứng", slug="kiem-chung", claim_reviewed="Moins de 5 000 passagers.",
        verdict="false", explanation=f"<p>{METRO_VI}</p><ul><li>Sở GTVT</li></ul><p>{PARKS_VI}</p>",
    )  # fmt: skip
    source.citations.add(FactCheckCitation(fact=metro))
    source.citations.add(FactCheckCitation(fact=parks))
    fact_check_index("vi").add_child(instance=source)
    source.save_revision().publish()
    # The French page before its translator has reached the explanation: a copy of the source.
    french = source.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    french.refresh_from_db()
    assert METRO_VI in french.explanation

    html = Client().get(french.url).content.decode()
    assert f"<p>{METRO['fr']}</p>" in html
    assert METRO_VI not in html
    assert f'<p lang="vi">{PARKS_VI}</p>' in html
    assert "<li>Sở GTVT</li>" in html
    vietnamese = Client().get(source.url).content.decode()
    assert f"<p>{METRO_VI}</p>" in vietnamese and 'lang="vi">' + PARKS_VI not in vietnamese
