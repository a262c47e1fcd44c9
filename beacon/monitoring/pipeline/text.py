"""Folding text for matching: one form for "Hà Nội", "HA NOI" and "ha noi"."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Scripts written without spaces between words: matched without word boundaries.
_UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def fold(text: str) -> str:
    """Lower case, diacritics removed (đ becomes d), spaces collapsed.

    Vietnamese press abroad often drops the diacritics ("Ha Noi", "Hoan Kiem"); folding both the
    text and the gazetteer makes either spelling match. Other scripts fold the same way on both
    sides, so a match is never lost by folding.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("ð", "d")
    return _SPACE.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


def is_unspaced(text: str) -> bool:
    return bool(_UNSPACED.search(text))


def terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """One regular expression finding any of the folded terms, longest first.

    Terms in spaced scripts must stand as whole words; terms in Chinese, Japanese or Korean
    match anywhere (Korean attaches particles: 하노이에서).
    """
    spaced = sorted({t for t in terms if t and not is_unspaced(t)}, key=len, reverse=True)
    unspaced = sorted({t for t in terms if t and is_unspaced(t)}, key=len, reverse=True)
    parts = []
    if spaced:
        parts.append(r"(?<!\w)(?:" + "|".join(map(re.escape, spaced)) + r")(?!\w)")
    if unspaced:
        parts.append("(?:" + "|".join(map(re.escape, unspaced)) + ")")
    return re.compile("|".join(parts)) if parts else None
