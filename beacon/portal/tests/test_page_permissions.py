"""Who may do what with pages: role and agency, and nobody approves their own work."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from beacon.portal.models import NewsArticlePage
from beacon.portal.workflow import ReviewerApprovalTask


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused(response: Any) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def _draft(newsroom: Any, agency: Any, title: str) -> NewsArticlePage:
    page = NewsArticlePage(title=title, slug=title.lower(), body="<p>Nháp.</p>", agency=agency)
    newsroom.tree.sections["news"].add_child(instance=page)
    page.save_revision(user=newsroom.editor)
    return page


def _add_form(client: Client, newsroom: Any) -> tuple[str, Any]:
    news = newsroom.tree.sections["news"]
    url = reverse("wagtailadmin_pages:add", args=["portal", "newsarticlepage", news.pk])
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = "Làng nghề quận A"
    form["slug"] = "lang-nghe-quan-a"
    form["date"] = "2025-10-01"
    form["body"] = rich_text("<p>Đề xuất bài viết.</p>")
    return url, form


def test_it_lets_an_officer_propose_a_page_only_for_their_own_agency(newsroom: Any) -> None:
    personas = newsroom.personas
    minh = _client(personas.officer)
    url, form = _add_form(minh, newsroom)
    form["agency"] = str(personas.other_district.pk)
    response = minh.post(url, form)
    assert response.status_code == 200
    assert not NewsArticlePage.objects.filter(slug="lang-nghe-quan-a").exists()
    form["agency"] = str(personas.district.pk)
    form["action-submit"] = "1"
    assert minh.post(url, form).status_code == 302
    page = NewsArticlePage.objects.get(slug="lang-nghe-quan-a")
    assert page.agency == personas.district
    assert not page.live
    assert page.workflow_in_progress


def test_it_keeps_one_districts_drafts_from_another(newsroom: Any) -> None:
    personas = newsroom.personas
    draft_a = _draft(newsroom, personas.district, "Nhap-A")
    draft_b = _draft(newsroom, personas.other_district, "Nhap-B")
    minh = _client(personas.officer)
    assert minh.get(reverse("wagtailadmin_pages:edit", args=[draft_a.pk])).status_code == 200
    assert _refused(minh.get(reverse("wagtailadmin_pages:edit", args=[draft_b.pk])))
    listing = minh.get(
        reverse("wagtailadmin_explore", args=[newsroom.tree.sections["news"].pk])
    ).content.decode()
    assert "Nhap-A" in listing
    assert "Nhap-B" not in listing
    hung = _client(personas.other_officer)
    assert _refused(hung.get(reverse("wagtailadmin_pages:edit", args=[draft_a.pk])))
    editor = _client(newsroom.editor)
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[draft_b.pk])).status_code == 200


def test_it_refuses_self_approval_even_to_those_who_may_approve(newsroom: Any) -> None:
    """Lan, the coordinator, may approve, but not a page she submitted herself."""
    lan = newsroom.personas.coordinator
    page = _draft(newsroom, newsroom.personas.lead, "Bai-cua-Lan")
    page.save_revision(user=lan, log_action=True)
    workflow = page.get_workflow()
    workflow.start(page, lan)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    # No translations exist yet (nothing was requested), so the first task waits: approve the
    # translations step as the system would once translators have finished.
    task_state.approve(user=None)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert isinstance(task_state.task.specific, ReviewerApprovalTask)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    assert _refused(_client(lan).post(url))
    assert _client(newsroom.reviewer).post(url).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_it_tells_each_person_what_waits_for_them_on_the_dashboard(
    published: Any, newsroom: Any
) -> None:
    from beacon.translation.actions import do_request_translations

    page = _draft(newsroom, newsroom.personas.lead, "Cho-duyet")
    do_request_translations(page, acting_user=newsroom.editor)
    page.get_workflow().start(page, newsroom.editor)
    page.refresh_from_db()
    page.current_workflow_task_state.approve(user=None)
    home = reverse("wagtailadmin_home")
    reviewer = _client(newsroom.reviewer).get(home).content.decode()
    assert "articles wait for your approval" in reviewer
    pierre = _client(newsroom.translator_fr).get(home).content.decode()
    assert "translations wait for you" in pierre
    assert "articles wait for your approval" not in pierre


def test_it_saves_the_page_even_when_the_broker_is_down(
    newsroom: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    from beacon.celery import app

    page = _draft(newsroom, newsroom.personas.lead, "Khi-mat-ket-noi")
    editor = _client(newsroom.editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = querydict_from_html(editor.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = "Đã sửa khi mất kết nối"
    eager = app.conf.task_always_eager

    def use_broker(url: str | None) -> None:
        # The write URL, because CELERY_BROKER_URL in the environment wins over broker_url;
        # Celery keeps its connection and producer pools: drop them so the URL takes effect.
        app.conf.update(broker_write_url=url)
        vars(app)["_pool"] = None
        vars(app.amqp)["_producer_pool"] = None

    app.conf.task_always_eager = False
    use_broker("redis://127.0.0.1:9/0")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = editor.post(url, form)
    finally:
        app.conf.task_always_eager = eager
        use_broker(None)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Đã sửa khi mất kết nối"
    assert "broker unreachable" in caplog.text
