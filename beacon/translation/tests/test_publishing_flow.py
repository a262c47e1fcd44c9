"""The issue's end-to-end journey, through the admin over HTTP.

Hoa writes a news article in Vietnamese and submits it; Beacon pre-translates it into English
and French (memory, glossary, machine engine on loopback); Pierre fixes and approves the French,
Emma the English; Thu, the reviewer, approves the whole; at the scheduled time the Celery beat
job publishes it in three languages; the status board shows the row complete.
"""

from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, Revision
from wagtail.test.utils.form_data import querydict_from_html, rich_text
from wagtail_localize.models import StringTranslation

from beacon.portal.models import NewsArticlePage
from beacon.portal.tasks import publish_scheduled
from beacon.portal.tests.fixtures import libretranslate_like
from beacon.portal.workflow import ReviewerApprovalTask, TranslationsApprovedTask
from beacon.translation.actions import do_save_term, remember
from beacon.translation.models import GlossaryTerm, SegmentSuggestion

AGENCY_VI = "Sở Thông tin và Truyền thông"
TERMS = {
    "en": "Department of Information and Communications",
    "fr": "Service de l'information et de la communication",
}
KNOWN_VI = "Hà Nội chào đón du khách quốc tế."
KNOWN = {
    "en": "Hanoi welcomes international visitors.",
    "fr": "Hanoï accueille les visiteurs internationaux.",
}
NEW_VI = f"{AGENCY_VI} tổ chức họp báo về mùa du lịch mới."


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused(response: Any) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to its home and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def _prepare(newsroom: Any, settings: Any, loopback_server: Any) -> None:
    for language, target in TERMS.items():
        do_save_term(
            GlossaryTerm(
                source_language="vi",
                source_term=AGENCY_VI,
                target_language=language,
                target_term=target,
                kind="agency",
            ),
            acting_user=newsroom.translator_fr,
        )
        remember("vi", language, KNOWN_VI, KNOWN[language], newsroom.translator_fr)
    settings.BEACON_MT_ENGINE = "libretranslate"
    settings.BEACON_MT_URL = loopback_server(libretranslate_like)


def _write_article(newsroom: Any, go_live: datetime.datetime, capture: Any) -> NewsArticlePage:
    hoa = _login(newsroom.editor)
    news = newsroom.tree.sections["news"]
    add_url = reverse("wagtailadmin_pages:add", args=["portal", "newsarticlepage", news.pk])
    form = querydict_from_html(hoa.get(add_url).content.decode(), form_id="page-edit-form")
    form["title"] = "Hà Nội đón mùa du lịch mới"
    form["slug"] = "mua-du-lich-moi"
    form["summary"] = KNOWN_VI
    form["date"] = "2025-11-20"
    form["body"] = rich_text(f"<h2>{AGENCY_VI}</h2><p>{KNOWN_VI}</p><p>{NEW_VI}</p>")
    form["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    form["action-submit"] = "1"
    with capture(execute=True):
        response = hoa.post(add_url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsArticlePage.objects.get(slug="mua-du-lich-moi", locale__language_code="vi")


def test_it_takes_an_article_from_vietnamese_draft_to_three_published_languages(
    newsroom: Any, settings: Any, loopback_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _prepare(newsroom, settings, loopback_server)
    tomorrow_8 = (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    page = _write_article(newsroom, tomorrow_8, django_capture_on_commit_callbacks)
    assert not page.live
    assert isinstance(page.current_workflow_task.specific, TranslationsApprovedTask)

    # Pre-translation: memory (exact, 100 %), glossary (a heading that is one official name),
    # the engine for the rest, with the glossary term kept.
    fr = Locale.objects.get(language_code="fr")
    suggestions = {
        s.string.data: s
        for s in SegmentSuggestion.objects.filter(translation__target_locale=fr).select_related(
            "string"
        )
    }
    assert suggestions[KNOWN_VI].origin == "memory"
    assert suggestions[KNOWN_VI].score == 1.0
    assert suggestions[AGENCY_VI].origin == "glossary"
    assert suggestions[NEW_VI].origin == "machine"
    assert suggestions[NEW_VI].missing_terms == []
    machine_fr = StringTranslation.objects.get(locale=fr, translation_of__data=NEW_VI).data
    assert TERMS["fr"] in machine_fr
    assert machine_fr.startswith("[fr] ")

    # Pierre reviews the French segment by segment: he fixes the machine sentence, approves.
    pierre = _login(newsroom.translator_fr)
    translation_fr = suggestions[NEW_VI].translation
    review_url = reverse("translation_review", args=[translation_fr.pk])
    screen = pierre.get(review_url)
    assert screen.status_code == 200
    assert "Translation memory" in screen.content.decode()
    form = querydict_from_html(screen.content.decode(), form_id="translation-review-form")
    fixed = f"Le {TERMS['fr']} tient une conférence de presse sur la nouvelle saison touristique."
    key = f"segment-{suggestions[NEW_VI].string_id}-{suggestions[NEW_VI].context_id}"
    form[key] = fixed
    form["approve"] = "1"
    assert pierre.post(review_url, form).status_code == 302
    # Pierre translates into French only: the English one is not his to approve.
    translation_en = (
        SegmentSuggestion.objects.filter(translation__target_locale__language_code="en")
        .first()
        .translation
    )
    en_url = reverse("translation_review", args=[translation_en.pk])
    assert _refused(pierre.post(en_url, {"approve": "1"}))
    assert translation_en.beacon_review.approved_at is None

    emma = _login(newsroom.translator_en)
    assert emma.post(en_url, {"approve": "1"}).status_code == 302
    page.refresh_from_db()
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)

    # Nobody approves their own work: Hoa wrote it, so she has no approve action.
    task_state = page.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    assert _refused(_login(newsroom.editor).post(approve_url))
    page.refresh_from_db()
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)
    with django_capture_on_commit_callbacks(execute=True):
        assert _login(newsroom.reviewer).post(approve_url).status_code == 302
    page.refresh_from_db()
    assert not page.live  # scheduled for 8:00 tomorrow, not published yet
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    assert revision.approved_go_live_at == tomorrow_8

    # One minute before 8:00 the beat job leaves it alone; at 8:01 it publishes the page, and
    # with it the approved translations.
    with time_machine.travel(tomorrow_8 - datetime.timedelta(minutes=1), tick=False):
        publish_scheduled.delay()
    page.refresh_from_db()
    assert not page.live
    with (
        time_machine.travel(tomorrow_8 + datetime.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live
    translated = {p.locale.language_code: p for p in page.get_translations().specific()}
    assert translated["fr"].live and translated["en"].live
    public = Client().get(translated["fr"].url)
    assert public.status_code == 200
    assert fixed in public.content.decode()
    assert 'hreflang="vi"' in public.content.decode()

    board = _login(newsroom.personas.coordinator).get(reverse("translation_status"))
    html = board.content.decode()
    row = html[html.index(f'data-page="{page.pk}"') :].split("</tr>")[0]
    assert row.count('data-status="published"') == 2
    assert 'class="complete"' in html[html.index(f'data-page="{page.pk}"') - 40 :][:80]
    assert Page.objects.filter(translation_key=page.translation_key, live=True).count() == 3


def test_it_withdraws_the_translations_when_the_source_expires(
    published: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = published.article
    expiry = timezone.now() + datetime.timedelta(days=2)
    article.expire_at = expiry
    article.save_revision().publish()
    assert article.get_translations().live().count() == 2
    with (
        time_machine.travel(expiry + datetime.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publish_scheduled.delay()
    article.refresh_from_db()
    assert not article.live and article.expired
    assert article.get_translations().live().count() == 0
