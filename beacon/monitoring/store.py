"""Persistence of the pipeline's results: articles, their stories, mentions.

Kept apart from the pipeline so the stages stay pure. ``StoredIndex`` lets the dedupe stage see
stories stored by earlier batches (and by other workers) through their LSH band keys.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from beacon.monitoring.models import Article, Mention, Source, Story, StoryBand
from beacon.monitoring.pipeline.dedupe import MemoryIndex
from beacon.monitoring.pipeline.fingerprint import similarity
from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.search import search_form
from beacon.monitoring.tone import city_text, classify_texts

SEARCH_CHARS = 6000


class StoredIndex(MemoryIndex):
    """The batch in memory, then the stored stories by band key."""

    def find(self, band_keys: list[str], sig: np.ndarray, threshold: float) -> Hashable | None:
        found = super().find(band_keys, sig, threshold)
        if found is not None:
            return found
        best, best_score = None, threshold
        candidates = (
            Story.objects.filter(bands__key__in=band_keys).distinct().values_list("pk", "signature")
        )
        for pk, stored in candidates:
            score = similarity(sig, np.frombuffer(bytes(stored), dtype=np.uint32))
            if score >= best_score:
                best, best_score = ("story", pk), score
        return best


def _first_seen(item: Item, now: datetime) -> datetime:
    """When the world first saw it: the publication time, unless missing or in the future."""
    if item.published_at is not None and item.published_at < now:
        return item.published_at
    return now


def _new_story(item: Item, now: datetime, source: Source) -> Story:
    story = Story.objects.create(
        title=item.title,
        language=item.language,
        first_seen_at=_first_seen(item, now),
        last_seen_at=now,
        copies=0,
        source_count=0,
        countries=[],
        languages=[],
        topics=item.topics,
        prominence=max(item.prominence, 1),
        signature=item.signature.astype(np.uint32).tobytes(),
    )
    StoryBand.objects.bulk_create([StoryBand(story=story, key=key) for key in item.band_keys])
    return story


def _join(story: Story, item: Item, source: Source, now: datetime) -> None:
    """Count the new copy into its story: copies, sources, countries, languages, last seen."""
    story.copies += 1
    story.source_count = story.articles.values("source_id").distinct().count()
    if source.country and source.country not in story.countries:
        story.countries = [*story.countries, source.country]
    if item.language and item.language not in story.languages:
        story.languages = [*story.languages, item.language]
    story.topics = list(dict.fromkeys([*story.topics, *item.topics]))[:5]
    story.prominence = max(story.prominence, item.prominence)
    story.first_seen_at = min(story.first_seen_at, _first_seen(item, now))
    story.last_seen_at = now
    story.save()


def store_item(source: Source, item: Item, stories: dict[Hashable, Story]) -> Article | None:
    """Store one kept item; None when its URL is already stored (a redelivered task, two feeds).

    ``stories`` maps the batch's index keys to their stories, so a copy later in the batch
    joins the story its original created.
    """
    now = timezone.now()
    key = item.duplicate_of
    if key is not None and key not in stories and key[0] != "story":
        key = None  # its original in this batch was not stored: this copy starts the story
    try:
        with transaction.atomic():
            if key is None:
                story = _new_story(item, now, source)
            elif key in stories:
                story = stories[key]
            else:
                story = Story.objects.select_for_update().get(pk=key[1])
            article = Article.objects.create(
                source=source,
                story=story,
                url=item.canonical_url[:1000],
                url_hash=item.url_hash,
                title=item.title,
                lead=item.lead,
                text=item.text,
                language=item.language,
                country=source.country,
                media_kind=source.media_kind,
                published_at=item.published_at,
                seen_at=now,
                topics=item.topics,
                prominence=max(item.prominence, 1),
                about_city=item.about_city,
                is_copy=key is not None,
                search_text=search_form(f"{item.title}\n{item.text}")[:SEARCH_CHARS],
                embedding=item.embedding.astype(np.float32).tobytes()
                if item.embedding is not None
                else None,
                tone=item.tone,
                tone_confidence=item.tone_confidence,
            )
            Mention.objects.bulk_create(
                Mention(
                    article=article,
                    label=f.label[:200],
                    kind=f.kind,
                    prominence=f.prominence,
                    count=f.count,
                )
                for f in item.found
            )
            _join(story, item, source, now)
    except IntegrityError:
        return None
    if key is None:
        stories[("item", item.url_hash)] = story
    return article


def classify_stored(articles: QuerySet[Article], options: Options, batch: int = 64) -> int:
    """Give stored articles the tone the pipeline would give them; returns how many were set.

    For articles stored before the tone stage existed, or after the model was retrained.
    Articles an analyst corrected are left out: a corrected tone is never overwritten.
    """
    if options.embedder is None or options.tone_model is None:
        return 0
    changed = 0
    rows = list(articles.filter(tone_corrected=False).only("pk", "title", "text").order_by("pk"))
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        texts = [city_text(a.title, a.text, options.gazetteer) for a in chunk]
        tones = classify_texts(texts, options.embedder, options.tone_model)
        for article, tone in zip(chunk, tones, strict=True):
            # The filter again at write time: a correction made meanwhile wins.
            changed += Article.objects.filter(pk=article.pk, tone_corrected=False).update(
                tone=tone.label, tone_confidence=tone.confidence
            )
    return changed
