"""Stage: does the article speak of the city, and how prominently?

The gazetteer is plain data (built from the city profile, the agencies and the places analysts
add, see ``beacon.monitoring.gazetteer``). Matching runs on folded text, so Vietnamese with or
without diacritics, and every name form in every script, match.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from beacon.monitoring.pipeline.item import Discard, Found, Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.text import fold, terms_pattern

TITLE, LEAD, BODY = 3, 2, 1
CITY = "city"


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a label shown to people, a kind, and every form it is written in."""

    label: str
    kind: str
    forms: tuple[str, ...]


class Gazetteer:
    """Finds places in text. Built once per batch; matching is one regular expression."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._by_form: dict[str, Place] = {}
        for place in places:
            for form in place.forms:
                folded = fold(form)
                # A form shared by two entries keeps the city's meaning, else the first one.
                if folded and (folded not in self._by_form or place.kind == CITY):
                    self._by_form[folded] = place
        self._pattern = terms_pattern(list(self._by_form))

    def find(self, text: str) -> dict[Place, int]:
        """Each place found in the text, with how many times."""
        counts: dict[Place, int] = defaultdict(int)
        if self._pattern is None or not text:
            return counts
        for match in self._pattern.finditer(fold(text)):
            counts[self._by_form[match.group(0)]] += 1
        return counts


def run(item: Item, options: Options) -> Item:
    """Record each place found and its prominence: title, lead or body.

    The article is about the city when it names the city, or names one of its places in the
    title or lead, or names two different places in the body (a district alone in a body can
    be a homonym).
    """
    gazetteer = options.gazetteer
    body = item.text[len(item.lead) :]
    prominence: dict[Place, int] = {}
    counts: dict[Place, int] = defaultdict(int)
    for level, text in ((TITLE, item.title), (LEAD, item.lead), (BODY, body)):
        for place, count in gazetteer.find(text).items():
            prominence[place] = max(prominence.get(place, 0), level)
            counts[place] += count
    item.found = sorted(
        (Found(p.label, p.kind, prominence[p], counts[p]) for p in prominence),
        key=lambda found: (-found.prominence, -found.count, found.label),
    )
    item.prominence = max(prominence.values(), default=0)
    item.about_city = (
        any(place.kind == CITY for place in prominence)
        or any(level >= LEAD for level in prominence.values())
        or len(prominence) >= 2
    )
    if not item.about_city and not options.keep_unrelated:
        raise Discard("does not speak of the city")
    return item
