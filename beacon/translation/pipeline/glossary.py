"""Glossary stage: official names found in a segment, kept intact through machine translation.

A term base maps an official name in the source language (an agency, a place, a title, a
programme) to its one approved form in the target language. Three uses:

- a segment that *is* a term is filled from the glossary directly;
- before machine translation each term is replaced by its approved target form wrapped in
  ``<span translate="no">``, which LibreTranslate, DeepL and Google leave untouched, and unwrapped
  afterwards;
- every pre-filled or human segment is checked: a term of the source whose approved form is
  missing from the target is flagged (never silently replaced).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PROTECT_OPEN = '<span translate="no" class="notranslate">'
PROTECT_CLOSE = "</span>"
_PROTECTED = re.compile(
    r'<span translate="no" class="notranslate">(.*?)</span>', re.IGNORECASE | re.DOTALL
)


@dataclass(frozen=True)
class Term:
    source: str
    target: str


def key(text: str) -> str:
    """The form under which terms are compared: NFC, spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in unicodedata.normalize("NFC", term).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def find(text: str, terms: Sequence[Term]) -> list[tuple[int, int, Term]]:
    """Non-overlapping occurrences of terms in text, longest term first, in reading order.

    Longest first, so that "Sở Văn hóa và Thể thao Hà Nội" wins over "Hà Nội" inside it.
    """
    text = unicodedata.normalize("NFC", text)
    taken: list[tuple[int, int, Term]] = []
    for term in sorted(terms, key=lambda t: len(t.source), reverse=True):
        for match in _pattern(term.source).finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, term))
    return sorted(taken, key=lambda hit: hit[0])


def whole(text: str, terms: Iterable[Term]) -> Term | None:
    """The term the whole segment consists of, if it is one."""
    wanted = key(text)
    for term in terms:
        if key(term.source) == wanted:
            return term
    return None


def protect(text: str, terms: Sequence[Term]) -> str:
    """Replace each term by its approved target form, marked for engines not to translate."""
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    position = 0
    for start, end, term in find(text, terms):
        parts.append(text[position:start])
        parts.append(f"{PROTECT_OPEN}{term.target}{PROTECT_CLOSE}")
        position = end
    parts.append(text[position:])
    return "".join(parts)


def unprotect(text: str) -> str:
    """Remove the markers that ``protect`` added, keeping the approved forms."""
    return _PROTECTED.sub(lambda match: match.group(1), text)


def missing(source: str, target: str, terms: Sequence[Term]) -> list[Term]:
    """Terms used in the source whose approved target form the target text does not contain."""
    target_key = key(target)
    seen: set[Term] = set()
    flagged: list[Term] = []
    for _start, _end, term in find(source, terms):
        if term in seen:
            continue
        seen.add(term)
        if key(term.target) not in target_key:
            flagged.append(term)
    return flagged


def conflicts(terms: Iterable[Term]) -> list[tuple[Term, Term]]:
    """Pairs of terms with the same source but different approved targets."""
    by_source: dict[str, Term] = {}
    found: list[tuple[Term, Term]] = []
    for term in terms:
        other = by_source.setdefault(key(term.source), term)
        if key(other.target) != key(term.target):
            found.append((other, term))
    return found
