"""Every page belongs to an agency: the author's by default, and a reviewer is never blocked by it.

Issue 19's first blocker: Hoa wrote and submitted an article without opening the Promote tab, so
it had no agency; Thu could neither approve nor request changes, because the edit form (which
Wagtail submits with every workflow decision) required an agency and offered her none.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.portal.access import home_agency_for
from beacon.portal.models import NewsArticlePage
from beacon.portal.workflow import ReviewerApprovalTask


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _submit_article(newsroom: Any) -> NewsArticlePage:
    hoa = _client(newsroom.editor)
    news = newsroom.tree.sections["news"]
    url = reverse("wagtailadmin_pages:add", args=["portal", "newsarticlepage", news.pk])
    html = hoa.get(url).content.decode()
    form = querydict_from_html(html, form_id="page-edit-form")
    assert form["agency"] == str(newsroom.personas.lead.pk)  # preselected: her agency
    content_tab = html[html.index('id="tab-content"') : html.index('id="tab-promote"')]
    assert 'name="agency"' in content_tab
    form["title"] = "Hà Nội đón mùa du lịch mới"
    form["slug"] = "mua-du-lich-moi"
    form["date"] = "2025-11-20"
    form["body"] = rich_text("<p>Du khách quốc tế tăng mạnh.</p>")
    form["agency"] = ""  # she never looks at it
    form["action-submit"] = "1"
    assert hoa.post(url, form).status_code == 302
    page = NewsArticlePage.objects.get(slug="mua-du-lich-moi")
    assert page.agency == newsroom.personas.lead
    return page


def _to_reviewer(page: NewsArticlePage, newsroom: Any) -> None:
    """The translators' task done (its own rules are tested with the workflow)."""
    page.current_workflow_task_state.approve(user=newsroom.personas.coordinator)
    page.refresh_from_db()
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)


def _decide(newsroom: Any, page: NewsArticlePage, action: str, **changes: str) -> Any:
    thu = _client(newsroom.reviewer)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = thu.get(url).content.decode()
    form = querydict_from_html(html, form_id="page-edit-form")
    form.update(changes)
    form["action-workflow-action"] = "1"
    form["workflow-action-name"] = action
    return thu.post(url, form), html


def test_it_files_a_new_page_under_its_authors_agency_and_lets_the_reviewer_request_changes(
    newsroom: Any,
) -> None:
    page = _submit_article(newsroom)
    _to_reviewer(page, newsroom)
    response, html = _decide(newsroom, page, "reject", agency="")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert f'<option value="{newsroom.personas.district.pk}"' in html  # her list is not empty
    state = TaskState.objects.filter(workflow_state__object_id=str(page.pk)).latest("pk")
    assert state.status == TaskState.STATUS_REJECTED
    page.refresh_from_db()
    assert page.agency == newsroom.personas.lead
    assert page.get_latest_revision_as_object().agency == newsroom.personas.lead


def test_it_lets_the_reviewer_approve_a_page_that_had_no_agency(newsroom: Any) -> None:
    page = _submit_article(newsroom)
    NewsArticlePage.objects.filter(pk=page.pk).update(agency=None)
    revision = page.get_latest_revision()
    revision.content["agency"] = None
    revision.save(update_fields=["content"])
    page.refresh_from_db()
    _to_reviewer(page, newsroom)
    response, _html = _decide(newsroom, page, "approve")
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.live


def test_it_picks_the_widest_writing_role_as_home_agency(newsroom: Any) -> None:
    personas = newsroom.personas
    officer = personas.officer
    assert home_agency_for(officer) == personas.district
    do_grant_role(officer, personas.ward, Role.VIEWER, acting_user=None)
    assert home_agency_for(officer) == personas.district
    do_grant_role(officer, personas.lead, Role.EDITOR, acting_user=None)
    assert home_agency_for(officer) == personas.lead
    assert home_agency_for(newsroom.reviewer) == personas.lead
