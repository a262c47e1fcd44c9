"""A gist of a foreign article in the office's language, for an analyst skimming a story.

The gist is the article's first sentences (its lead, or its text without one). With a
machine-translation engine configured (``BEACON_MT_*``) it is translated into the city's source
language, with the glossary's terms protected as for the portal; without one, or when the engine
fails, the original sentences are shown, and the screen says which of the two it is.

A story is opened many times a day and its articles do not change: each translated gist is kept
in the cache, under the engine, the languages, the glossary's terms and the text, so that a page
load costs an engine call only for articles nobody has read in that language yet.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache

from beacon.monitoring.models import Article
from beacon.translation.actions import terms_for
from beacon.translation.engines import configured_engine
from beacon.translation.pipeline import machine

SENTENCES = 2
MAX_CHARS = 600
# A sentence ends with . ! ? or their CJK forms; CJK ends need no space after them.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
# A week: long enough for a story's life in the news, short enough to follow a changed engine.
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Gist:
    text: str
    language: str
    machine: bool


def first_sentences(text: str, count: int = SENTENCES) -> str:
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]
    return " ".join(sentences[:count])[:MAX_CHARS]


def gists(articles: Iterable[Article], target: str) -> dict[int, Gist]:
    """Article id to its gist, for the articles not in ``target``; one engine call per language."""
    originals = {
        article.pk: (article.language, first_sentences(article.lead or article.text))
        for article in articles
        if article.language and article.language != target
    }
    found = {pk: Gist(text, language, False) for pk, (language, text) in originals.items() if text}
    engine = configured_engine()
    if engine is None or not target:
        return found
    by_language: dict[str, list[int]] = defaultdict(list)
    for pk, gist in found.items():
        by_language[gist.language].append(pk)
    for language, ids in by_language.items():
        terms = terms_for(language, target)
        keys = {pk: _cache_key(engine.label, language, target, terms, found[pk].text) for pk in ids}
        kept = cache.get_many(list(keys.values()))
        missing = [pk for pk in ids if keys[pk] not in kept]
        texts = [found[pk].text for pk in missing]
        results = machine.translate(engine, texts, terms, language, target)
        fresh = {}
        for pk, result in zip(missing, results, strict=True):
            if result.text is not None:
                fresh[keys[pk]] = result.text
        cache.set_many(fresh, CACHE_SECONDS)
        for pk in ids:
            text = kept.get(keys[pk]) or fresh.get(keys[pk])
            if text is not None:
                found[pk] = Gist(text, target, True)
    return found


def _cache_key(engine: str, source: str, target: str, terms: object, text: str) -> str:
    digest = hashlib.sha256(repr((engine, source, target, terms, text)).encode()).hexdigest()
    return f"beacon:gist:{digest}"
