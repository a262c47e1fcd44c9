"""Fixtures of the social tests: the newsroom, social channels, a fake Mastodon on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from beacon.portal.tests.fixtures import (  # noqa: F401
    eager_tasks,
    newsroom,
    published,
)
from beacon.social.tests.fake_mastodon import TOKEN, FakeMastodon, running


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_mastodon(settings: Any, monkeypatch: Any) -> Iterator[FakeMastodon]:
    settings.BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS = ["127.0.0.1"]
    monkeypatch.setenv("BEACON_TEST_MASTODON_TOKEN", TOKEN)
    with running() as fake:
        yield fake


def mastodon_config(url: str, **extra: Any) -> dict[str, Any]:
    return {
        "instance": url,
        "token_env": "BEACON_TEST_MASTODON_TOKEN",
        "timeout": 2,
        "media_wait": 3,
        "media_poll": 0.02,
        **extra,
    }


def make_article(language: str = "en", agency: Any = None, **fields: Any) -> Any:
    """A news article in one language, saved straight under the root (no workflow, no site)."""
    from wagtail.models import Locale, Page

    from beacon.portal.models import NewsArticlePage

    locale, _ = Locale.objects.get_or_create(language_code=language)
    article = NewsArticlePage(
        title=fields.pop("title", "Bat Trang pottery village welcomes visitors"),
        slug=fields.pop("slug", f"bat-trang-{language}"),
        summary=fields.pop("summary", "A pottery village on the Red River."),
        body=fields.pop("body", "<p>Visitors can shape their own pottery.</p>"),
        locale=locale,
        agency=agency,
        **fields,
    )
    Page.get_first_root_node().add_child(instance=article)
    return article


def make_image(description: str = "Gốm men lam trên bàn xoay") -> Any:
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    from beacon.portal.demo_files import illustration

    picture = illustration(("#a9d3ee", "#b4432f", "#47734b"), "roofs", size=(2400, 1350))
    return get_image_model().objects.create(
        title="Bát Tràng",
        file=ContentFile(picture, name="bat-trang.png"),
        description=description,
    )
