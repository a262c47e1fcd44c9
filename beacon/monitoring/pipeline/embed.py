"""Stage: embeddings for the originals that speak of the city, in batches.

Copies share their story's vector and unrelated articles are never searched semantically, so
neither is embedded: that is most of the ingest time saved.
"""

from __future__ import annotations

import re

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def passage_text(item: Item, limit: int) -> str:
    """The title and the first sentences of the article, up to ``limit`` characters."""
    text = item.title
    for sentence in _SENTENCE_END.split(item.text):
        if len(text) + len(sentence) + 1 > limit:
            break
        text = f"{text}\n{sentence}" if text else sentence
    return text or item.text[:limit]


def wants_embedding(item: Item) -> bool:
    return item.about_city and item.duplicate_of is None


def run_batch(items: list[Item], options: Options) -> list[Item]:
    if options.embedder is None:
        return items
    todo = [item for item in items if wants_embedding(item)]
    for start in range(0, len(todo), options.embed_batch):
        chunk = todo[start : start + options.embed_batch]
        vectors = options.embedder.passages([passage_text(i, options.embed_chars) for i in chunk])
        for item, vector in zip(chunk, vectors, strict=True):
            item.embedding = vector
    return items
