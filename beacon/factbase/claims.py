"""Check-worthy sentences: statements of fact about the city, rather than opinions.

Plain functions over plain text, so that they run in bulk and in tests without a database.

Steps, for one article:

1. split the text into sentences (``.``, ``!``, ``?``, ``…`` followed by a space, never inside
   a number such as 3.5 or 1.200);
2. score each sentence: points for what a fact-checker can verify (figures, percentages,
   dates, named entities, comparisons and superlatives, a mention of the city in the sentence
   or next to it) and penalties for what cannot be checked (opinion markers, questions, the
   first person, hedges), with the words of English, French and Vietnamese;
3. keep the best sentences above a threshold, each with the reasons for its score, so that an
   analyst sees why Beacon thought it worth checking.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MIN_CHARS = 25
MAX_CHARS = 600
THRESHOLD = 2.0
MAX_CLAIMS = 5

_SPLIT = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]?[A-ZÀ-Ỹ0-9Đ])")
_NUMBER = re.compile(r"\d")
_PERCENT = re.compile(r"\d\s?%|\bper ?cent\b|\bpour ?cent\b|\bphần trăm\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_MONTHS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|tháng\s+\d{1,2}|năm\s+\d{4})\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"(?<=\s)[A-ZÀ-ỸĐ][\wÀ-ỹ'-]+")

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "comparison": {
        "en": ("more than", "less than", "fewer than", "most", "largest", "highest", "lowest",
               "biggest", "smallest", "worst", "best", "record", "doubled", "halved", "than"),
        "fr": ("plus de", "moins de", "le plus", "la plus", "les plus", "record", "doublé",
               "que", "supérieur", "inférieur", "premier", "première"),
        "vi": ("hơn", "nhất", "kỷ lục", "gấp đôi", "tăng", "giảm", "vượt"),
    },
    "opinion": {
        "en": ("i think", "i believe", "in my opinion", "should", "must", "we need", "ought",
               "shameful", "wonderful", "terrible", "beautiful"),
        "fr": ("je pense", "je crois", "à mon avis", "il faut", "devrait", "devraient",
               "honteux", "magnifique", "terrible"),
        "vi": ("tôi nghĩ", "theo tôi", "nên", "phải chăng", "tuyệt vời", "đáng tiếc"),
    },
    "first_person": {
        "en": ("i ", "we ", "my ", "our "),
        "fr": ("je ", "j'", "nous ", "mon ", "ma ", "notre "),
        "vi": ("tôi ", "chúng tôi ", "chúng ta "),
    },
    "hedge": {
        "en": ("may ", "might", "perhaps", "reportedly", "allegedly", "could", "seems", "rumour"),
        "fr": ("peut-être", "pourrait", "semble", "selon certains", "rumeur", "aurait"),
        "vi": ("có thể", "dường như", "nghe nói", "tin đồn"),
    },
}  # fmt: skip

# What each reason means to the analyst who reads why a sentence was picked.
REASON_LABELS = {
    "number": _("a number"),
    "percentage": _("a percentage"),
    "date": _("a date"),
    "named_entity": _("a name"),
    "comparison": _("a comparison"),
    "city": _("names the city"),
    "city_nearby": _("names a place near the city"),
    "opinion": _("an opinion"),
    "question": _("a question"),
    "first_person": _("first person"),
    "hedge": _("hedged"),
}

POINTS = {
    "number": 1.0,
    "percentage": 0.5,
    "date": 0.5,
    "named_entity": 0.5,
    "comparison": 0.5,
    "city": 1.0,
    "city_nearby": 0.3,
    "opinion": -1.5,
    "question": -2.0,
    "first_person": -1.0,
    "hedge": -0.7,
}


@dataclass(frozen=True)
class Sentence:
    text: str
    score: float
    reasons: list[str] = field(default_factory=list)


def split_sentences(text: str) -> list[str]:
    sentences = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        for part in _SPLIT.split(paragraph.strip()):
            part = " ".join(part.split())
            if part:
                sentences.append(part)
    return sentences


def _has(words: tuple[str, ...], padded: str) -> bool:
    return any(re.search(r"(?<![\w])" + re.escape(word), padded) for word in words)


def _language_words(kind: str, language: str) -> tuple[str, ...]:
    table = WORDS[kind]
    return table.get(language) or table["en"]


def score_sentence(
    sentence: str, language: str, *, mentions_city: bool, city_nearby: bool = False
) -> Sentence:
    """The check-worthiness of one sentence and what made it so."""
    padded = f" {sentence.casefold()} "
    reasons: list[str] = []
    if _NUMBER.search(sentence):
        reasons.append("number")
    if _PERCENT.search(sentence):
        reasons.append("percentage")
    if _YEAR.search(sentence) or _MONTHS.search(sentence):
        reasons.append("date")
    if _CAPITALISED.search(sentence):
        reasons.append("named_entity")
    if _has(_language_words("comparison", language), padded):
        reasons.append("comparison")
    if mentions_city:
        reasons.append("city")
    elif city_nearby:
        reasons.append("city_nearby")
    if _has(_language_words("opinion", language), padded):
        reasons.append("opinion")
    if sentence.rstrip().endswith("?"):
        reasons.append("question")
    if _has(_language_words("first_person", language), padded):
        reasons.append("first_person")
    if _has(_language_words("hedge", language), padded):
        reasons.append("hedge")
    score = round(sum(POINTS[reason] for reason in reasons), 2)
    return Sentence(sentence, score, reasons)


def extract(
    text: str,
    language: str,
    mentions_city: Callable[[str], bool],
    *,
    threshold: float = THRESHOLD,
    limit: int = MAX_CLAIMS,
) -> list[Sentence]:
    """The best check-worthy sentences of a text, best first."""
    sentences = [s for s in split_sentences(text) if MIN_CHARS <= len(s) <= MAX_CHARS]
    about = [mentions_city(s) for s in sentences]
    scored = []
    for i, sentence in enumerate(sentences):
        nearby = any(about[j] for j in (i - 1, i + 1) if 0 <= j < len(sentences))
        result = score_sentence(sentence, language, mentions_city=about[i], city_nearby=nearby)
        if result.score >= threshold:
            scored.append(result)
    scored.sort(key=lambda s: -s.score)
    return scored[:limit]
