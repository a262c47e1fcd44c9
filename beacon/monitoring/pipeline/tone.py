"""Stage: the tone toward the city of each article about it, in batches.

Copies are classified too: an outlet that reprints a wire story often adds its own headline
and framing, and the tone per country needs each outlet's article.
"""

from __future__ import annotations

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.tone import city_text, classify_texts


def run_batch(items: list[Item], options: Options) -> list[Item]:
    if options.embedder is None or options.tone_model is None:
        return items
    todo = [item for item in items if item.about_city]
    for start in range(0, len(todo), options.embed_batch):
        chunk = todo[start : start + options.embed_batch]
        texts = [city_text(i.title, i.text, options.gazetteer) for i in chunk]
        for item, tone in zip(
            chunk, classify_texts(texts, options.embedder, options.tone_model), strict=True
        ):
            item.tone = tone.label
            item.tone_confidence = tone.confidence
    return items
