"""Stage: topics from a configurable taxonomy of multilingual keywords."""

from __future__ import annotations

from collections import Counter

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.text import fold, terms_pattern

MAX_TOPICS = 3
# A topic needs a keyword in the title, or two in the text: one passing word is not a subject.
MIN_SCORE = 2


class Taxonomy:
    """Topic slug to keywords in any language; a keyword in the title counts three times."""

    def __init__(self, topics: dict[str, list[str]]) -> None:
        self.topics = topics
        self._topic_of: dict[str, str] = {}
        for slug, keywords in topics.items():
            for keyword in keywords:
                self._topic_of.setdefault(fold(keyword), slug)
        self._pattern = terms_pattern(list(self._topic_of))

    def score(self, title: str, text: str) -> Counter[str]:
        scores: Counter[str] = Counter()
        if self._pattern is None:
            return scores
        for weight, part in ((3, title), (1, text)):
            for match in self._pattern.finditer(fold(part)):
                scores[self._topic_of[match.group(0)]] += weight
        return scores


def run(item: Item, options: Options) -> Item:
    scores = options.taxonomy.score(item.title, item.text)
    item.topics = [slug for slug, score in scores.most_common(MAX_TOPICS) if score >= MIN_SCORE]
    return item
