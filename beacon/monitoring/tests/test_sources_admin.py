"""Sources through the admin: import and export (OPML, CSV), health, resume; and commands."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from beacon.core.models import AuditEvent
from beacon.monitoring.models import Article, Source, SourceGroup
from beacon.monitoring.sources_io import export_opml, read_opml
from beacon.monitoring.tests.conftest import Monitor, make_source

CSV = (
    "name,url,kind,country,languages,media_kind,poll_minutes,groups\n"
    "Le Monde Démo,https://lemonde.example/rss,feed,fr,fr,newspaper,15,French press\n"
    "Korea Wire,https://kw.example/sitemap.xml,sitemap,KR,ko en,news_agency,60,Asia; Wires\n"
)


def test_it_imports_sources_from_csv_and_exports_them_as_opml(
    client: Client, personas: Any
) -> None:
    client.force_login(personas.coordinator)
    upload = SimpleUploadedFile("sources.csv", CSV.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("monitoring_source:import"), {"file": upload})
    assert response.status_code == 302
    korea = Source.objects.get(name="Korea Wire")
    assert (korea.kind, korea.country, korea.languages) == ("sitemap", "KR", ["ko", "en"])
    assert set(korea.groups.values_list("name", flat=True)) == {"Asia", "Wires"}
    assert AuditEvent.objects.filter(action="source.create").count() == 2

    opml = client.get(reverse("monitoring_source:export", args=["opml"])).content
    rows = read_opml(opml)
    assert {row["url"] for row in rows} == {
        "https://lemonde.example/rss",
        "https://kw.example/sitemap.xml",
    }
    assert next(r for r in rows if r["name"] == "Korea Wire")["groups"] == "Asia; Wires"


def test_it_imports_nothing_when_a_row_is_wrong(client: Client, personas: Any) -> None:
    client.force_login(personas.coordinator)
    bad = CSV + "Broken,ftp://x.example/,podcast,France,fr,newspaper,x,\n"
    upload = SimpleUploadedFile("sources.csv", bad.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("monitoring_source:import"), {"file": upload})
    content = response.content.decode()
    assert response.status_code == 200
    for problem in ("Row 4", "http://", "podcast", "two-letter", "not a number"):
        assert problem in content
    assert Source.objects.count() == 0


def test_it_round_trips_opml_with_every_field(db: Any) -> None:
    source = make_source("https://a.example/feed", country="JP", languages=["ja"], kind="feed")
    source.groups.add(SourceGroup.objects.create(name="Japan"))
    (row,) = read_opml(export_opml([source]))
    assert row == {
        "name": source.name, "url": source.url, "kind": "feed", "country": "JP",
        "languages": "ja", "media_kind": "newspaper", "poll_minutes": "30", "groups": "Japan",
    }  # fmt: skip


def test_it_shows_source_health_and_resumes_a_paused_source(
    client: Client, personas: Any, monitor: Monitor
) -> None:
    from django.utils import timezone

    Source.objects.filter(pk=monitor.source.pk).update(
        failures=6, paused_at=timezone.now(), last_error="HTTP 503 from https://press.example"
    )
    client.force_login(personas.coordinator)
    content = client.get(reverse("monitoring_source:index")).content.decode()
    assert "paused" in content and "HTTP 503" in content
    assert reverse("monitoring_source:resume", args=[monitor.source.pk]) in content
    assert reverse("monitoring_source:import") in content
    client.post(reverse("monitoring_source:resume", args=[monitor.source.pk]))
    monitor.source.refresh_from_db()
    assert monitor.source.paused_at is None and monitor.source.failures == 0


def test_it_shows_the_last_error_and_what_a_poll_skipped_in_the_readers_language(
    client: Client, personas: Any, monitor: Monitor
) -> None:
    from wagtail.users.models import UserProfile

    Source.objects.filter(pk=monitor.source.pk).update(
        failures=1,
        last_error="HTTP 503 from https://press.example/rss.xml",
        last_error_detail={
            "message": "HTTP %(status)s from %(url)s",
            "params": {"status": 503, "url": "https://press.example/rss.xml"},
        },
        poll_notes=[
            {
                "message": "Skipped %(count)s items without a link (first: %(example)s).",
                "params": {"count": 2, "example": "Sans lien"},
            }
        ],
    )
    UserProfile.get_for_user(personas.coordinator)
    UserProfile.objects.filter(user=personas.coordinator).update(preferred_language="fr")
    client.force_login(personas.coordinator)
    content = client.get(reverse("monitoring_source:index")).content.decode()
    assert "HTTP 503 depuis https://press.example/rss.xml" in content
    assert "2 éléments ignorés : sans lien (premier : Sans lien)." in content


def test_it_polls_from_the_command_line(city: Any) -> None:
    source = make_source("demo://seoulilbo.example/rss.xml", country="KR", languages=["ko"])
    out = io.StringIO()
    call_command("ingest", source=[source.pk], stdout=out)
    assert "2 new articles" in out.getvalue()
    assert Article.objects.filter(language="ko").count() == 2


def _source_form(**fields: Any) -> dict[str, Any]:
    return {
        "name": "Wire",
        "kind": "feed",
        "url": "https://wire.example/rss.xml",
        "country": "FR",
        "languages": '["fr"]',
        "media_kind": "newspaper",
        "poll_minutes": "30",
        "is_active": "on",
        **fields,
    }


def test_it_creates_and_edits_a_source_with_its_groups(client: Client, personas: Any) -> None:
    group = SourceGroup.objects.create(name="French press")
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("monitoring_source:add"),
        _source_form(groups=[group.pk], allow_private_network="on"),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    source = Source.objects.get(name="Wire")
    assert list(source.groups.all()) == [group]
    # The coordinator is no superuser: the protection stays on whatever the form says.
    assert source.allow_private_network is False
    assert AuditEvent.objects.filter(action="source.create").count() == 1
    response = client.post(
        reverse("monitoring_source:edit", args=[source.pk]),
        _source_form(name="Wire FR", groups=[]),
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, list(source.groups.all())) == ("Wire FR", [])


def test_it_refuses_an_address_that_is_not_on_the_web(client: Client, personas: Any) -> None:
    client.force_login(personas.coordinator)
    for url in ("javascript:alert(1)", "ftp://wire.example/rss", "https://", "demo://x.example/"):
        response = client.post(reverse("monitoring_source:add"), _source_form(url=url))
        assert response.status_code == 200, url
        assert "http:// or https://" in response.content.decode()
    assert not Source.objects.exists()


def test_it_lets_only_a_superuser_turn_the_private_address_protection_off(
    client: Client, personas: Any
) -> None:
    from beacon.core.tests.factories import UserFactory
    from beacon.monitoring.actions import do_save_source

    client.force_login(personas.coordinator)
    add = reverse("monitoring_source:add")
    assert "allow_private_network" not in client.get(add).content.decode()
    intranet = Source(name="Intranet", url="http://10.0.0.5/rss", allow_private_network=True)
    with pytest.raises(PermissionDenied):
        do_save_source(intranet, acting_user=personas.coordinator)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert "allow_private_network" in client.get(add).content.decode()
    response = client.post(add, _source_form(url="http://10.0.0.5/rss", allow_private_network="on"))
    assert response.status_code == 302
    assert Source.objects.get(url="http://10.0.0.5/rss").allow_private_network is True
