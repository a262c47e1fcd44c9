"""Issue 12, finding 7: admin requests with bad input are answered 4xx or with a form error.

Each of these answered 500 to a logged-in person: wagtail-localize's snippet listing (its edit
links assume Wagtail's default snippet URL names), choosers given a pk of the wrong form, the
page copy form without a destination, a PO upload without a file.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from beacon.factbase.tests.conftest import make_fact
from beacon.portal.models import NewsArticlePage
from beacon.translation.actions import do_request_translations


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_it_lists_facts_for_wagtail_localize(newsroom: Any) -> None:
    fact = make_fact(newsroom.personas.district, "Quận A có 12 trường học.", {})
    response = _client(newsroom.editor).get("/admin/localize/api/snippets/factbase/fact/")
    assert response.status_code == 200
    edit_url = reverse("wagtailsnippets_factbase_fact:edit", args=[fact.pk])
    assert response.json()[0]["edit_url"] == edit_url


def test_it_keeps_the_fact_listing_from_those_who_may_not_read_facts(personas: Any) -> None:
    response = _client(personas.outsider).get("/admin/localize/api/snippets/factbase/fact/")
    assert response.status_code in {302, 403, 404}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/choose/factbase/fact/chosen/x/",
        "/admin/documents/chooser/chosen/x/",
        "/admin/images/chooser/chosen/x/",
    ],
)
def test_it_answers_404_to_a_chooser_given_a_pk_of_the_wrong_form(newsroom: Any, url: str) -> None:
    assert _client(newsroom.personas.coordinator).get(url).status_code == 404


def _article(newsroom: Any) -> NewsArticlePage:
    page = NewsArticlePage(
        title="Làng gốm Bát Tràng", slug="bat-trang", body="<p>Gốm.</p>",
        agency=newsroom.personas.lead,
    )  # fmt: skip
    newsroom.tree.sections["news"].add_child(instance=page)
    page.save_revision(user=newsroom.editor).publish()
    return page


@pytest.mark.parametrize("parent", [None, "", "x", "999999"])
def test_it_answers_400_to_a_copy_without_a_destination(newsroom: Any, parent: Any) -> None:
    page = _article(newsroom)
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    data = {"new_title": "Bản sao", "new_slug": "ban-sao"}
    if parent is not None:
        data["new_parent_page"] = parent
    response = _client(newsroom.personas.coordinator).post(url, data)
    assert response.status_code == 400
    assert not NewsArticlePage.objects.filter(slug="ban-sao").exists()


def test_it_answers_a_po_upload_without_a_file_with_400(newsroom: Any) -> None:
    page = _article(newsroom)
    [translation, *_] = do_request_translations(page, acting_user=newsroom.editor)
    url = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    response = _client(newsroom.personas.coordinator).post(url, {})
    assert response.status_code == 400
