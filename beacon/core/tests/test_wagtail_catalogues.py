"""Wagtail's own admin strings read in the interface language (beacon/locale_wagtail)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "(%(number)s mục mới trong menu này)"), ("fr", "nouveaux éléments dans ce menu")],
)
def test_it_translates_the_sidebars_new_items_badge(
    client: Any, personas: Any, language: str, expected: str
) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(personas.coordinator)
    profile.preferred_language = language
    profile.save()
    client.force_login(personas.coordinator)
    catalogue = client.get("/admin/jsi18n/").content.decode("unicode_escape")
    assert expected in catalogue
