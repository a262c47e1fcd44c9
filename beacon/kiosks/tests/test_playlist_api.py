"""The playlist and heartbeat endpoints over HTTP: tokens, ETags, emergencies, bad input."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from beacon.kiosks import actions, api
from beacon.kiosks.models import EmergencyNotice, Kiosk, PlaylistRule, Slide
from beacon.kiosks.tests.conftest import Fleet, deliver, make_message

PLAYLIST = "/kiosk/api/playlist"
HEARTBEAT = "/kiosk/api/heartbeat"


def _get(client: Any, token: str, etag: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if etag:
        headers["If-None-Match"] = etag
    return client.get(PLAYLIST, headers=headers)


def test_it_starts_a_kiosk_without_languages_of_its_own_in_a_foreign_one(
    client: Any, fleet: Fleet
) -> None:
    fleet.kiosk_a.languages = []
    fleet.kiosk_a.save()
    response = _get(client, fleet.token_a)
    assert response.json()["kiosk"]["languages"] == ["en", "fr", "vi"]


def test_it_serves_the_playlist_with_slides_in_the_kiosk_languages(
    client: Any, fleet: Fleet
) -> None:
    deliver(fleet, make_message("news-1", "vi"))
    deliver(fleet, make_message("news-1", "en", title="News 1"))
    deliver(fleet, make_message("news-1", "fr", title="Nouvelle 1"))
    response = _get(client, fleet.token_a)
    assert response.status_code == 200
    assert response["ETag"].startswith('"k')
    assert not response.cookies
    data = response.json()
    assert data["kiosk"]["languages"] == ["vi", "en"]
    [item] = data["slides"]
    assert set(item["texts"]) == {"vi", "en"}
    assert item["texts"]["en"]["title"] == "News 1"
    assert item["texts"]["vi"]["qr"].startswith("<svg")
    assert item["texts"]["vi"]["url"] == "https://portal.example/vi/news-1/"
    assert data["emergency"] is None
    assert data["labels"]["vi"]["name"] == "Tiếng Việt"


def test_it_answers_304_until_something_changes(client: Any, fleet: Fleet) -> None:
    first = _get(client, fleet.token_a)
    again = _get(client, fleet.token_a, first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    deliver(fleet, make_message("news-2"))
    api.forget_cached()
    changed = _get(client, fleet.token_a, first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert [item["key"] for item in changed.json()["slides"]] == ["news-2"]


def test_it_acknowledges_a_slide_when_a_kiosk_of_its_group_fetches_it(
    client: Any, fleet: Fleet
) -> None:
    deliver(fleet, make_message("news-1"))
    slides = Slide.objects.filter(item_key="news-1")
    assert slides.count() == 2 and not slides.filter(acknowledged_at__isnull=False).exists()
    _get(client, fleet.token_a)
    assert slides.get(group=fleet.group_a).acknowledged_at is not None
    assert slides.get(group=fleet.group_b).acknowledged_at is None


def test_it_refuses_a_revoked_token_with_a_clear_json_error(
    client: Any, fleet: Fleet, django_capture_on_commit_callbacks: Any
) -> None:
    assert _get(client, fleet.token_a).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_revoke_token(fleet.kiosk_a, acting_user=None)
    response = _get(client, fleet.token_a)
    assert response.status_code == 401
    assert response.json()["error"] == "revoked_token"
    assert "revoked" in response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    heartbeat = client.post(
        HEARTBEAT, "{}", content_type="application/json", headers=_auth(fleet.token_a)
    )
    assert heartbeat.status_code == 401
    assert _get(client, fleet.token_b).status_code == 200


def test_it_refuses_a_replaced_token_unknown_tokens_and_none(
    client: Any, fleet: Fleet, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new = actions.do_issue_token(fleet.kiosk_a, acting_user=None)
    assert _get(client, fleet.token_a).json()["error"] == "unknown_token"
    assert _get(client, new).status_code == 200
    assert _get(client, "x" * 500).status_code == 401
    assert client.get(PLAYLIST).json()["error"] == "no_token"
    basic = client.get(PLAYLIST, headers={"Authorization": f"Basic {new}"})
    assert basic.status_code == 401
    assert client.post(PLAYLIST, headers=_auth(new)).status_code == 405


def test_an_emergency_notice_overrides_the_playlist_of_its_groups_only(
    client: Any, fleet: Fleet, personas: Any
) -> None:
    deliver(fleet, make_message("news-1"))
    before = {kiosk: _get(client, token)["ETag"] for kiosk, token in _tokens(fleet)}
    notice = actions.do_issue_emergency_notice(
        EmergencyNotice(
            agency=personas.district,
            title={"vi": "Sơ tán nhà ga", "en": "Evacuate the terminal", "fr": "Évacuez"},
            body={"vi": "Đi theo hướng dẫn.", "en": "Follow the signs."},
            severity="danger",
        ),
        [fleet.group_a],
        acting_user=personas.officer,
    )
    api.forget_cached()
    response = _get(client, fleet.token_a, before["a"])
    assert response.status_code == 200
    emergency = response.json()["emergency"]
    assert emergency["severity"] == "danger"
    assert [text["lang"] for text in emergency["texts"]] == ["vi", "en", "fr"]
    assert emergency["texts"][1]["body"] == "Follow the signs."
    assert _get(client, fleet.token_b, before["b"]).status_code == 304
    actions.do_withdraw_emergency_notice(notice, acting_user=personas.officer)
    api.forget_cached()
    assert _get(client, fleet.token_a).json()["emergency"] is None


def test_a_scheduled_notice_changes_the_etag_when_it_starts(client: Any, fleet: Fleet) -> None:
    starts = timezone.now() + timedelta(seconds=30)
    actions.do_issue_emergency_notice(
        EmergencyNotice(agency=fleet.group_a.agency, title={"vi": "Bão"}, starts_at=starts),
        [fleet.group_a],
        acting_user=None,
    )
    schedule = api.cached_schedule(fleet.group_a.pk)
    from beacon.kiosks.playlist import etag

    assert etag(1, schedule, starts - timedelta(seconds=1)) != etag(1, schedule, starts)
    assert _get(client, fleet.token_a).json()["emergency"] is None


def test_rules_choose_categories_and_durations_by_time_of_day(client: Any, fleet: Fleet) -> None:
    deliver(fleet, make_message("news-1"))
    deliver(fleet, make_message("visa-1", extra={"category": "entry"}))
    PlaylistRule.objects.filter(group=fleet.group_a).delete()
    now = timezone.localtime()
    later = (now + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    actions.do_save_rule(
        PlaylistRule(
            group=fleet.group_a,
            categories=["entry"],
            starts_at=now.time().replace(second=0, microsecond=0),
            ends_at=later,
            slide_seconds=20,
        ),
        acting_user=None,
    )
    actions.do_save_rule(
        PlaylistRule(group=fleet.group_a, categories=["news"], starts_at=later, ends_at=later),
        acting_user=None,
    )
    api.forget_cached()
    slides = _get(client, fleet.token_a).json()["slides"]
    assert (slides[0]["key"], slides[0]["seconds"]) == ("visa-1", 20)
    assert {item["key"] for item in slides} == {"visa-1", "news-1"}
    PlaylistRule.objects.filter(group=fleet.group_a, categories=["news"]).delete()
    PlaylistRule.objects.filter(group=fleet.group_a).update(
        starts_at=later, ends_at=(now + timedelta(hours=3)).time()
    )
    actions.do_save_kiosk(fleet.kiosk_a, acting_user=None)
    api.forget_cached()
    assert _get(client, fleet.token_a).json()["slides"] == []


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _tokens(fleet: Fleet) -> list[tuple[str, str]]:
    return [("a", fleet.token_a), ("b", fleet.token_b)]


def test_it_records_heartbeats_with_version_slide_and_errors(client: Any, fleet: Fleet) -> None:
    beat = {
        "version": "1.0.0",
        "slide": "news-1@vi",
        "errors": ["image: https://x/1.jpg", 42, ""],
        "online_since": "2026-11-26T08:00:00Z",
    }
    response = client.post(
        HEARTBEAT, json.dumps(beat), content_type="application/json", headers=_auth(fleet.token_a)
    )
    assert response.status_code == 200, response.content
    kiosk = Kiosk.objects.get(pk=fleet.kiosk_a.pk)
    assert kiosk.app_version == "1.0.0"
    assert kiosk.current_slide == "news-1@vi"
    assert kiosk.status() == "online"
    assert len(kiosk.last_errors) == 1 and kiosk.last_error().endswith("image: https://x/1.jpg")
    assert kiosk.online_since is not None and kiosk.online_since.hour == 8


def test_it_refuses_bad_heartbeats_and_keeps_the_kiosk_as_it_was(client: Any, fleet: Fleet) -> None:
    bad = [
        "not json",
        "[1, 2]",
        json.dumps({"errors": "boom"}),
        json.dumps({"online_since": "yesterday"}),
        json.dumps({"online_since": "2026-11-26T08:00:00"}),
        json.dumps({"errors": ["x" * 300] * 100}),
    ]
    for body in bad:
        response = client.post(
            HEARTBEAT, body, content_type="application/json", headers=_auth(fleet.token_a)
        )
        assert response.status_code == 400, body
        assert response.json()["error"] == "bad_heartbeat"
    assert Kiosk.objects.get(pk=fleet.kiosk_a.pk).last_heartbeat_at is None
    assert client.get(HEARTBEAT, headers=_auth(fleet.token_a)).status_code == 405
