"""Which languages must be approved before the reviewer decides: a setting of the city profile.

Issue 20: the first task waited for all six target languages although the demo office has one
(French) translator, and changing the agency marked every approved translation out of date.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html, rich_text
from wagtail_localize.models import Translation

from beacon.core.models import CityProfile
from beacon.portal.models import NewsArticlePage
from beacon.portal.translation_status import Status, cell_status
from beacon.portal.workflow import ReviewerApprovalTask, TranslationsApprovedTask
from beacon.translation.actions import do_approve_translation
from beacon.translation.tests.segments import fill_untranslated


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _require(rules: dict[str, list[str]]) -> None:
    profile = CityProfile.objects.get()
    profile.required_translations = rules
    profile.full_clean()
    profile.save()


def _submit(newsroom: Any, capture: Any) -> NewsArticlePage:
    hoa = _login(newsroom.editor)
    news = newsroom.tree.sections["news"]
    url = reverse("wagtailadmin_pages:add", args=["portal", "newsarticlepage", news.pk])
    form = querydict_from_html(hoa.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = "Hà Nội đón mùa du lịch mới"
    form["slug"] = "mua-du-lich-moi"
    form["date"] = "2025-11-20"
    form["body"] = rich_text("<p>Du khách quốc tế tăng mạnh.</p>")
    form["action-submit"] = "1"
    with capture(execute=True):
        assert hoa.post(url, form).status_code == 302
    return NewsArticlePage.objects.get(slug="mua-du-lich-moi", locale__language_code="vi")


def _translation(page: NewsArticlePage, language: str) -> Translation:
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code=language
    )


def _approve(translation: Translation, translator: Any) -> None:
    fill_untranslated(translation, translator)
    do_approve_translation(translation, acting_user=translator)


def test_it_waits_only_for_the_required_languages_and_publishes_the_others_later(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _require({"newsarticlepage": ["fr"], "*": ["en", "fr"]})
    page = _submit(newsroom, django_capture_on_commit_callbacks)
    assert isinstance(page.current_workflow_task.specific, TranslationsApprovedTask)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(_translation(page, "fr"), newsroom.translator_fr)
    page.refresh_from_db()
    # English is not required: the reviewer decides now.
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)

    state = page.current_workflow_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert _login(newsroom.reviewer).post(approve).status_code == 302
    page.refresh_from_db()
    assert page.live
    live = {p.locale.language_code for p in page.get_translations().live()}
    assert live == {"fr"}

    # The English translation follows: published as soon as it is approved.
    with django_capture_on_commit_callbacks(execute=True):
        _approve(_translation(page, "en"), newsroom.translator_en)
    assert {p.locale.language_code for p in page.get_translations().live()} == {"en", "fr"}


def test_it_goes_straight_to_the_reviewer_when_no_language_is_required(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _require({"*": []})
    page = _submit(newsroom, django_capture_on_commit_callbacks)
    assert isinstance(page.current_workflow_task.specific, ReviewerApprovalTask)


def test_it_refuses_a_required_language_that_is_not_a_target(newsroom: Any) -> None:
    profile = CityProfile.objects.get()
    profile.required_translations = {"*": ["ko"]}
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert "required_translations" in refused.value.message_dict


def test_it_keeps_approved_translations_current_when_only_the_agency_changes(
    newsroom: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _require({"*": []})
    page = _submit(newsroom, django_capture_on_commit_callbacks)
    state = page.current_workflow_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert _login(newsroom.reviewer).post(approve).status_code == 302
        for language, translator in (
            ("fr", newsroom.translator_fr),
            ("en", newsroom.translator_en),
        ):
            _approve(_translation(page, language), translator)

    def statuses() -> set[Status]:
        found = set()
        for language in ("en", "fr"):
            translation = Translation.objects.select_related("beacon_review", "source").get(
                pk=_translation(page, language).pk
            )
            found.add(cell_status(translation, None, None))
        return found

    assert statuses() == {Status.REVIEWED}
    hoa = _login(newsroom.editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = querydict_from_html(hoa.get(edit).content.decode(), form_id="page-edit-form")
    form["agency"] = str(newsroom.personas.district.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert hoa.post(edit, form).status_code == 302
    draft = NewsArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.agency == newsroom.personas.district
    assert statuses() == {Status.REVIEWED}
    french = NewsArticlePage.objects.get(
        translation_key=page.translation_key, locale=Locale.objects.get(language_code="fr")
    )
    assert french.get_latest_revision_as_object().agency == newsroom.personas.district

    form["body"] = rich_text("<p>Du khách quốc tế tăng mạnh trong tháng Mười.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        assert hoa.post(edit, form).status_code == 302
    assert statuses() == {Status.OUT_OF_DATE}
