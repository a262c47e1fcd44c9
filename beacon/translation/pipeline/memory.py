"""Memory stage: earlier approved translations of the same or a similar sentence.

Exact matches score 1.0. Fuzzy matches are scored by a character-level similarity ratio
(difflib's Ratcliff/Obershelp) on the normalised text, and kept when they reach the threshold;
the score travels with the suggestion so that the translator sees how far to trust it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class MemoryEntry:
    source: str
    target: str


@dataclass(frozen=True)
class MemoryMatch:
    entry: MemoryEntry
    score: float


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def source_key(text: str) -> str:
    """The exact-match key of a source sentence (stored with each memory unit)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def length_window(text: str, threshold: float) -> tuple[int, int]:
    """Lengths a candidate may have and still reach ``threshold`` against ``text``.

    The ratio is at most 2*min/(a+b), so shorter or longer candidates cannot match; the database
    query uses this window to fetch only plausible candidates.
    """
    size = len(normalise(text))
    low = int(size * threshold / (2 - threshold))
    high = int(size * (2 - threshold) / threshold) + 1
    return low, high


def best_match(
    text: str, candidates: Iterable[MemoryEntry], threshold: float
) -> MemoryMatch | None:
    """The closest candidate at or above ``threshold``, exact matches first."""
    wanted = normalise(text)
    folded = wanted.casefold()
    best: MemoryMatch | None = None
    for entry in candidates:
        source = normalise(entry.source)
        if source == wanted:
            return MemoryMatch(entry, 1.0)
        matcher = SequenceMatcher(None, folded, source.casefold(), autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue
        score = round(matcher.ratio(), 3)
        if score >= threshold and (best is None or score > best.score):
            best = MemoryMatch(entry, score)
    return best
