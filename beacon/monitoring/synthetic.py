"""Synthetic coverage for load tests and benchmarks: many realistic pages, made in memory.

Pages are built from sentence templates in English and French with the demo city's places,
so the real pipeline does real work on them: some are copies of a wire story (with small
edits), some do not speak of the city at all. Seeded: the same call gives the same pages.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

PLACES = ["Hanoi", "Hoan Kiem Lake", "the Old Quarter", "Long Bien Bridge", "Tay Ho", "Ba Dinh"]
OTHER_PLACES = ["Lyon", "Manchester", "Osaka", "Valparaíso", "Tromsø", "Cebu"]
SUBJECTS = [
    "the metro line", "a new bridge", "the flower market", "the airport", "a food festival",
    "the water supply", "an art exhibition", "the bus network", "a trade fair", "the river banks",
]  # fmt: skip
VERBS = ["opened", "drew crowds to", "was delayed near", "was praised around", "changed life in"]
FRENCH = [
    "Selon les autorités, {subject} a attiré {n} visiteurs à {place} cette semaine.",
    "Les habitants de {place} disent que {subject} a changé leur quotidien depuis {n} jours.",
    "Un rapport publié à {place} compte {n} projets liés à {subject}.",
]
ENGLISH = [
    "Officials said {subject} {verb} {place} on {day}, with {n} people taking part.",
    "Residents of {place} said {subject} had {verb2} their daily routine over {n} days.",
    "A report published in {place} counted {n} projects linked to {subject} this year.",
    "Critics in {place} questioned whether {subject} was worth {n} million dollars.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class Page:
    url: str
    html: str
    about_city: bool
    copy_of: int | None


def _paragraphs(rng: random.Random, places: list[str], french: bool, count: int) -> list[str]:
    templates = FRENCH if french else ENGLISH
    paragraphs = []
    for _ in range(count):
        sentences = [
            rng.choice(templates).format(
                subject=rng.choice(SUBJECTS),
                verb=rng.choice(VERBS),
                verb2=rng.choice(["reshaped", "disrupted", "improved"]),
                place=rng.choice(places),
                day=rng.choice(DAYS),
                n=rng.randint(2, 90_000),
            )
            for _ in range(rng.randint(2, 4))
        ]
        paragraphs.append(" ".join(sentences))
    return paragraphs


def _document(title: str, paragraphs: list[str], lang: str) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>\n{body}</article>"
        "<footer>Synthetic outlet for Beacon's tests.</footer></body></html>"
    )


def pages(count: int, *, copies: float = 0.3, unrelated: float = 0.3, seed: int = 7) -> list[Page]:
    """``count`` pages: a share are copies of earlier ones, a share never name the city."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    made: list[Page] = []
    originals: list[tuple[int, str, list[str], str]] = []
    for number in range(count):
        url = f"https://outlet{number % 50}.example/news/{number}"
        roll = rng.random()
        if originals and roll < copies:
            source, title, paragraphs, lang = rng.choice(originals)
            edited = list(paragraphs)
            edited[0] = "(Wire) " + edited[0]
            made.append(Page(url, _document(title, edited, lang), True, source))
            continue
        about = roll >= copies + unrelated or not originals
        french = rng.random() < 0.3
        places = PLACES if about else OTHER_PLACES
        paragraphs = _paragraphs(rng, places, french, rng.randint(4, 7))
        if about:
            paragraphs[0] = f"HANOI — {paragraphs[0]}"  # the dateline: the city in the lead
        title = paragraphs[0].split(".")[0][:90]
        lang = "fr" if french else "en"
        made.append(Page(url, _document(title, paragraphs, lang), about, None))
        if about:
            originals.append((number, title, paragraphs, lang))
    return made
