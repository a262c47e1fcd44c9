"""A gist of a foreign article in the office's language, for an analyst skimming a story.

The gist is the article's first sentences (its lead, or its text without one). With a
machine-translation engine configured (``BEACON_MT_*``) it is translated into the city's source
language, with the glossary's terms protected as for the portal; without one, or when the engine
fails, the original sentences are shown, and the screen says which of the two it is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from beacon.monitoring.models import Article
from beacon.translation.actions import terms_for
from beacon.translation.engines import configured_engine
from beacon.translation.pipeline import machine

SENTENCES = 2
MAX_CHARS = 600
# A sentence ends with . ! ? or their CJK forms; CJK ends need no space after them.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


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
        texts = [found[pk].text for pk in ids]
        results = machine.translate(engine, texts, terms_for(language, target), language, target)
        for pk, result in zip(ids, results, strict=True):
            if result.text is not None:
                found[pk] = Gist(result.text, target, True)
    return found
