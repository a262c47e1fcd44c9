"""The content calendar: what went out and what is due, per channel and language, and the gaps."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.social import calendar
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article

pytestmark = pytest.mark.django_db


def at(day_offset: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def delivery(channel: Channel, language: str, agency: Any, title: str, **fields: Any) -> Delivery:
    return Delivery.objects.create(
        channel=channel,
        language=language,
        agency=agency,
        title=title,
        item_key=f"page-{title}",
        idempotency_key=f"{title}@{channel.pk}:{language}",
        approved_at=fields.pop("approved_at", at(-10)),
        **fields,
    )


@pytest.fixture
def office(personas: Any, settings: Any) -> dict[str, Any]:
    settings.CONTENT_LANGUAGES = ["vi", "en", "fr"]
    mastodon = Channel.objects.create(
        name="Mastodon", kind="mastodon", languages=["en"], config={"gap_days": 2}
    )
    x = Channel.objects.create(
        name="X", kind="export", languages=["vi", "en"], config={"platform": "x"}
    )
    sent = DeliveryStatus.SENT
    delivery(mastodon, "en", personas.district, "Lantern festival", status=sent, sent_at=at(-1))
    delivery(x, "en", personas.other_district, "Flower market", status=sent, sent_at=at(-5))
    delivery(x, "vi", personas.district, "Pottery fair", status="queued", next_attempt_at=at(1))
    delivery(x, "en", personas.district, "Broken", status=DeliveryStatus.DEAD, approved_at=at(0))
    SocialPost.objects.create(
        channel=x,
        platform="x",
        page=make_article(agency=personas.district, slug="draft", title="Craft villages"),
        agency=personas.district,
        language="vi",
        text="Làng nghề",
        status=PostStatus.SUBMITTED,
        scheduled_for=at(2),
    )
    scheduled = make_article(
        agency=personas.other_district, slug="later", title="Old Quarter walk", live=False
    )
    scheduled.go_live_at = at(3)
    scheduled.save()
    return {"mastodon": mastodon, "x": x}


def cells(cal: calendar.Calendar, label: str, language: str) -> dict[int, list[str]]:
    row = next(r for r in cal.rows if r.label == label and r.language == language)
    return {i: [e.title for e in cell] for i, cell in enumerate(row.cells) if cell}


def test_it_places_what_went_out_and_what_is_due_in_its_day(
    office: dict[str, Any], personas: Any, django_assert_max_num_queries: Any
) -> None:
    days = [timezone.localdate() + timedelta(days=i) for i in range(-6, 7)]
    with django_assert_max_num_queries(8):
        cal = calendar.build(personas.coordinator, days)
    assert cells(cal, "Mastodon", "en") == {5: ["Lantern festival"]}
    assert cells(cal, "X", "en") == {1: ["Flower market"], 6: ["Broken"]}
    assert cells(cal, "X", "vi") == {7: ["Pottery fair"], 8: ["Craft villages"]}
    assert cells(cal, "", "en") == {9: ["Old Quarter walk"]}
    kinds = {e.title: e.kind for row in cal.rows for cell in row.cells for e in cell}
    assert kinds == {
        "Lantern festival": "sent",
        "Flower market": "sent",
        "Broken": "dead",
        "Pottery fair": "waiting",
        "Craft villages": "draft",
        "Old Quarter walk": "page",
    }


def test_it_flags_a_channel_language_silent_for_longer_than_its_limit(
    office: dict[str, Any], personas: Any
) -> None:
    cal = calendar.build(personas.coordinator, calendar.week(timezone.localdate()))
    gaps = {(row.label, row.language): row.gap for row in cal.rows if row.gap is not None}
    assert gaps[("Mastodon", "en")] == calendar.Gap(1, 2)
    assert gaps[("X", "en")] == calendar.Gap(5, 3)
    assert gaps[("X", "vi")] == calendar.Gap(None, 3)
    assert {(r.label, r.language) for r in cal.gaps} == {("X", "en"), ("X", "vi")}


def test_an_officer_sees_only_the_items_of_their_agency(
    office: dict[str, Any], personas: Any
) -> None:
    days = [timezone.localdate() + timedelta(days=i) for i in range(-6, 7)]
    cal = calendar.build(personas.officer, days)
    titles = {e.title for row in cal.rows for cell in row.cells for e in cell}
    assert titles == {"Lantern festival", "Broken", "Pottery fair", "Craft villages"}
    # The gap is the channel's, whoever looks.
    assert {(r.label, r.language) for r in cal.gaps} == {("X", "en"), ("X", "vi")}
    assert calendar.build(personas.outsider, days).rows[0].cells == [[] for _ in days]


@pytest.mark.parametrize("language", ["vi", "en", "fr"])
def test_the_calendar_page_is_a_table_with_headers_in_each_language(
    client: Any, office: dict[str, Any], personas: Any, language: str
) -> None:
    profile = UserProfile.get_for_user(personas.coordinator)
    profile.preferred_language = language
    profile.save()
    client.force_login(personas.coordinator)
    response = client.get(reverse("social:calendar") + "?span=month")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    start = html.index('<table class="social-calendar">')
    table = html[start : html.index("</table>", start)]
    assert table.count('<th scope="col"') == len(calendar.month(timezone.localdate())) + 1
    assert table.count('<th scope="row">') == 4  # Mastodon en, X vi, X en, portal en
    assert "<caption>" in table and "Lantern festival" in table


def test_the_dashboard_warns_of_gaps_and_posts_waiting_for_approval(
    client: Any, office: dict[str, Any], personas: Any
) -> None:
    client.force_login(personas.coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "channel languages have had nothing for longer than their limit" in html
    assert "social posts wait for your approval" in html
    client.force_login(personas.outsider)
    assert client.get(reverse("social:calendar")).status_code == 302


def test_the_gaps_line_is_only_for_those_who_answer_for_every_channel(
    client: Any, office: dict[str, Any], personas: Any
) -> None:
    client.force_login(personas.officer)  # reads his district's posts; the channels are the city's
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "channel languages have had nothing" not in html


def test_a_busy_day_shows_its_first_entries_and_counts_the_rest(
    client: Any, office: dict[str, Any], personas: Any
) -> None:
    for i in range(8):
        delivery(
            office["mastodon"],
            "en",
            personas.district,
            f"Busy {i}",
            status="sent",
            sent_at=at(0, 8) + timedelta(minutes=i),
        )
    client.force_login(personas.coordinator)
    html = client.get(reverse("social:calendar")).content.decode()
    assert "Busy 5" in html and "Busy 6" not in html
    assert "and 2 more" in html
