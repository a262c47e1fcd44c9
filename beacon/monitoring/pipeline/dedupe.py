"""Stage: near-duplicates, so that a syndicated wire story becomes one story with many copies.

Runs over the batch in order against an index: the in-memory one knows the batch; the app's
(``beacon.monitoring.store.StoredIndex``) also knows every stored story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import Protocol

import numpy as np

from beacon.monitoring.pipeline.fingerprint import similarity
from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options


class Index(Protocol):
    def find(self, band_keys: list[str], sig: np.ndarray, threshold: float) -> Hashable | None: ...

    def add(self, key: Hashable, band_keys: list[str], sig: np.ndarray) -> None: ...


class MemoryIndex:
    """Band key to the items that have it; candidates are confirmed on the signature."""

    def __init__(self) -> None:
        self._bands: dict[str, list[Hashable]] = defaultdict(list)
        self._signatures: dict[Hashable, np.ndarray] = {}

    def find(self, band_keys: list[str], sig: np.ndarray, threshold: float) -> Hashable | None:
        best, best_score = None, threshold
        seen: set[Hashable] = set()
        for key in band_keys:
            for candidate in self._bands.get(key, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                score = similarity(sig, self._signatures[candidate])
                if score >= best_score:
                    best, best_score = candidate, score
        return best

    def add(self, key: Hashable, band_keys: list[str], sig: np.ndarray) -> None:
        self._signatures[key] = sig
        for band in band_keys:
            self._bands[band].append(key)


def run_batch(items: list[Item], options: Options, index: Index) -> list[Item]:
    """Mark each copy with the key of the original it copies; originals join the index."""
    for item in items:
        item.duplicate_of = index.find(item.band_keys, item.signature, options.duplicate_threshold)
        if item.duplicate_of is None:
            index.add(("item", item.url_hash), item.band_keys, item.signature)
    return items
