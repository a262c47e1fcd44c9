"""The analyst's screens over the demo monitor, through HTTP."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from beacon.core.demo import hanoi
from beacon.core.demo_loader import load_agencies, load_city, load_users
from beacon.core.tests.clock import clock_at
from beacon.monitoring import alerts, search
from beacon.monitoring.demo_loader import load_monitoring_demo
from beacon.monitoring.models import Alert, AlertRule, Article, RawItem, Source, Story, Topic
from beacon.portal.tests.fixtures import libretranslate_like, loopback_server  # noqa: F401


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The demo monitor, loaded once for this module inside a transaction rolled back after it.

    Each test still runs in its own savepoint (the ``db`` fixture), so none sees another's
    changes; loading once keeps the module fast (the demo embeds a dozen articles).
    """
    # Alert titles are written in the office's language; these tests quote them in English.
    # Loaded earlier the same morning as the tests run (each test's clock starts at 10:00).
    with (
        clock_at(datetime.time(9)),
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(LANGUAGE_CODE="en"),
    ):
        load_city(hanoi.CITY)
        load_agencies(hanoi.AGENCIES)
        load_users([u for u in hanoi.USERS if u["username"] == "tuan"], "Pass-Word-2025!")
        yield load_monitoring_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded: Any, db: Any) -> Any:
    search.forget_vector_index()
    return loaded


@pytest.fixture
def tuan(client: Client, demo: Any) -> Client:
    """The demo analyst, reading the admin in English so that the tests can quote its texts."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    user = get_user_model()._default_manager.get(username="tuan")
    UserProfile.objects.filter(user=user).update(preferred_language="en")
    client.force_login(user)
    return client


def wire_story() -> Story:
    return Story.objects.get(title__startswith="Floods cut roads")


def test_it_loads_the_demo_once_whatever_the_number_of_runs(demo: Any) -> None:
    counts = (Source.objects.count(), Article.objects.count(), Story.objects.count())
    again = load_monitoring_demo()
    assert (again.sources, again.articles, again.stories) == counts
    assert Alert.objects.count() == demo.alerts
    broken = Source.objects.get(name="Broken Feed Daily")
    assert broken.last_error.startswith("malformed feed") and broken.failures == 2
    assert RawItem.objects.filter(status=RawItem.Status.DISCARDED).count() == 2


def test_it_shows_the_stream_grouped_into_stories(tuan: Client) -> None:
    response = tuan.get(reverse("monitoring:stream"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Floods cut roads across Hanoi" in content
    assert "7 copies, 7 countries" in content
    assert content.count("Record rain floods streets") == 0  # copies are inside the story
    french = tuan.get(reverse("monitoring:stream"), {"language": "fr", "period": "7"})
    assert "métro ligne 3" in french.content.decode()
    assert "Floods cut roads" not in french.content.decode()


def test_it_shows_how_a_story_spread(tuan: Client) -> None:
    story = wire_story()
    content = tuan.get(reverse("monitoring:story", args=[story.pk])).content.decode()
    for outlet in ("Asia Wire", "Global Post", "Manila Now"):
        assert outlet in content
    assert "3 h 30 min" in content  # Manila Now published 3 h 30 after Asia Wire
    assert "Spreading fast" in content


def test_it_never_shows_markup_from_a_hostile_page(tuan: Client) -> None:
    story = Story.objects.get(title__startswith="Feature: a night")
    content = tuan.get(reverse("monitoring:story", args=[story.pk])).content.decode()
    assert "Long Bien Bridge" in content
    for bad in ("evil.example", "onerror", "alert(", "javascript:alert"):
        assert bad not in content


def test_it_exports_the_filtered_stream_as_csv(tuan: Client) -> None:
    response = tuan.get(reverse("monitoring:stream_csv"), {"country": "KR"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 11  # the header, in the analyst's language
    assert {row[4] for row in rows[1:]} == {"KR"}
    assert len(rows) == 3


@pytest.mark.parametrize("query", ["Hoàn Kiếm", "hoan kiem", "HOAN KIEM"])
def test_it_searches_words_in_any_spelling(tuan: Client, query: str) -> None:
    content = tuan.get(reverse("monitoring:search"), {"q": query, "period": "30"}).content.decode()
    assert "Hanoï célèbre la fête" in content
    assert "Floods cut roads" in content


def test_it_searches_chinese_and_korean_words(tuan: Client) -> None:
    content = tuan.get(reverse("monitoring:search"), {"q": "投资", "period": "30"}).content.decode()
    assert "河内吸引外国投资创新高" in content


def test_it_finds_french_articles_with_a_vietnamese_query(tuan: Client) -> None:
    response = tuan.get(
        reverse("monitoring:search"),
        {"q": "tàu điện ngầm tuyến số 3 ít hành khách", "mode": "meaning", "period": "30"},
    )
    content = response.content.decode()
    first = content.index("<tbody>")
    assert "métro ligne 3" in content[first:]
    assert "Floods cut roads" not in content[first:]  # far below the best: cut off


def test_it_searches_words_and_meaning_by_default(tuan: Client) -> None:
    query = {"q": "tàu điện ngầm tuyến số 3 ít hành khách", "period": "30"}
    content = tuan.get(reverse("monitoring:search"), query).content.decode()
    assert "métro ligne 3" in content  # French: found by meaning
    exact = tuan.get(reverse("monitoring:search"), {"q": "投资", "period": "30"}).content.decode()
    assert "河内吸引外国投资创新高" in exact  # found by its words


def test_it_puts_fast_stories_and_open_alerts_on_the_dashboard(tuan: Client) -> None:
    content = tuan.get(reverse("wagtailadmin_home")).content.decode()
    assert "Spreading fast: Floods cut roads across Hanoi" in content
    assert "alerts to acknowledge" in content


def test_it_raises_each_alert_once_and_mails_immediate_ones(demo: Any) -> None:
    rule = AlertRule.objects.create(
        name="Korea", kind="country", country="KR", delivery="immediate", email_to="a@x.invalid"
    )
    ids = list(Story.objects.values_list("pk", flat=True))
    raised = alerts.evaluate_stories(ids)
    assert {a.story.countries[0] for a in raised} == {"KR"}
    assert alerts.evaluate_stories(ids) == []
    for alert in raised:
        alerts.deliver_now(alert.pk)
    assert len(mail.outbox) == 2
    assert all(a.emailed_at for a in Alert.objects.filter(rule=rule))


VIETNAMESE_TOPICS = {
    "economy": "Kinh tế",
    "investment": "Đầu tư",
    "tourism": "Du lịch",
    "culture": "Văn hóa",
    "heritage": "Di sản",
    "environment": "Môi trường",
    "transport": "Giao thông",
    "health": "Y tế",
    "security": "An ninh",
    "diplomacy": "Ngoại giao",
}


def test_it_names_topics_in_the_readers_language_unless_the_city_renamed_them(
    tuan: Client,
) -> None:
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user__username="tuan").update(preferred_language="vi")
    Topic.objects.filter(slug="culture").update(name="Văn hóa – nghệ thuật")
    story = wire_story()
    assert story.topics
    shown = tuan.get(reverse("monitoring:story", args=[story.pk])).content.decode()
    stream = tuan.get(reverse("monitoring:stream"), {"chart": "topics"}).content.decode()
    search_page = tuan.get(reverse("monitoring:search")).content.decode()
    for slug in story.topics:
        assert VIETNAMESE_TOPICS[slug] in shown
        assert VIETNAMESE_TOPICS[slug] in stream
    assert f"Chủ đề: {', '.join(VIETNAMESE_TOPICS[s] for s in story.topics)}" in " ".join(
        shown.split()
    )
    assert '<option value="environment">Môi trường</option>' in search_page
    assert '<option value="culture">Văn hóa – nghệ thuật</option>' in search_page


def test_it_gives_foreign_articles_a_gist_labelled_machine_or_original(
    tuan: Client,
    settings: Any,
    loopback_server: Any,  # noqa: F811
) -> None:
    from wagtail.users.models import UserProfile

    UserProfile.objects.filter(user__username="tuan").update(preferred_language="vi")
    story = wire_story()
    foreign = story.articles.exclude(language="vi").order_by("pk").first()
    assert foreign is not None
    first = foreign.lead or foreign.text

    settings.BEACON_MT_ENGINE = ""
    original = " ".join(
        tuan.get(reverse("monitoring:story", args=[story.pk])).content.decode().split()
    )
    assert "Bản gốc, chưa dịch:</strong>" in original
    assert f'<span lang="{foreign.language}">{escape(first.split(". ")[0])}' in original
    assert "Dịch máy" not in original

    calls: list[bytes] = []
    cache.clear()

    def counted(path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        calls.append(body)
        return libretranslate_like(path, headers, body)

    settings.BEACON_MT_ENGINE = "libretranslate"
    settings.BEACON_MT_URL = loopback_server(counted)
    translated = " ".join(
        tuan.get(reverse("monitoring:story", args=[story.pk])).content.decode().split()
    )
    assert "Dịch máy:</strong>" in translated
    assert '<span lang="vi">[vi] «' in translated
    assert "Bản gốc, chưa dịch" not in translated
    assert calls

    calls.clear()
    again = tuan.get(reverse("monitoring:story", args=[story.pk])).content.decode()
    assert '<span lang="vi">[vi] «' in " ".join(again.split())
    assert not calls, "a gist read before is not translated again"


def test_it_gives_the_demo_articles_a_tone_and_shows_it(tuan: Client) -> None:
    about = Article.objects.about_city()
    assert about.exists() and not about.filter(tone="").exists()
    assert about.filter(tone_confidence__gt=0.34).count() == about.count()
    content = tuan.get(reverse("monitoring:story", args=[wire_story().pk])).content.decode()
    assert "Tone of the story:" in content and 'name="tone"' in content
    screen = tuan.get(reverse("monitoring:tone")).content.decode()
    assert "Floods cut roads" in screen or "No story leaned one way" in screen
