"""Mentions of the city: the gazetteer stage on public text with names put in or left out.

Usage::

    .venv/bin/python bench/mentions.py [--data ../shared/benchdata] [--gate FILE]

The monitor's ``mentions`` stage (``Gazetteer.find`` and the about-the-city rule of
``mentions.run``) is measured with the demo city's gazetteer built by the app's own rules from
plain data: Hà Nội's name forms, its districts and communes (``gazetteer._agency_forms`` on the
demo agencies) and the demo landmarks. The text is IWSLT'15 tst2012 (1,553 English lines and
their Vietnamese translations, TED talks that never name the city), each line the body of an
article, in four versions chosen at random (a fixed seed):

- ``city``: a form of the city's name put into the line by a template of its language
  ("In Hanoi, ...", "..., theo tin từ Thủ đô Hà Nội."), which must read as about the city;
- ``place``: a district or landmark of the gazetteer put in the same way, which must be found;
- ``other``: another city (Ho Chi Minh City, Hải Phòng, Đà Nẵng, Bangkok, Paris...) put in,
  which must find nothing;
- ``absent``: the line as it is, which must find nothing.

Vietnamese is measured as written and without diacritics (marks dropped, đ as d), as foreign
and hurried press often writes it. Figures: ``<language>_city_recall``,
``<language>_place_recall``, ``<language>_absent_fp`` (share of lines where a place is found:
homonyms such as the ward Bưởi, "pomelo"), ``<language>_absent_about_city`` (share of those
read as about the city) and ``<language>_other_fp`` (share read as about the city or finding
a place) for ``en``, ``vi`` and ``vi_bare``; ``lines_per_s``. The last line of stdout is one
JSON object; ``--gate`` compares it with ``bench/baselines/mentions.json`` (floors and ceilings,
as ``bench/langid.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")

from langid import gate, log, read_iwslt, strip_marks  # noqa: E402

if TYPE_CHECKING:
    from beacon.monitoring.pipeline.mentions import Gazetteer

TEMPLATES = {
    "en": ["In {name}, {line}", "{line} ({name})", "{line} This was said in {name}."],
    "vi": ["Tại {name}, {line}", "{line} ({name})", "{line} Theo tin từ {name}."],
}
CITY_FORMS = {
    "en": ["Hanoi", "Ha Noi", "Hanoi City"],
    "vi": ["Hà Nội", "Thành phố Hà Nội", "Thủ đô Hà Nội", "TP. Hà Nội"],
}
# Names of other cities, including near-homonyms of Hà Nội's own forms and places.
OTHER_CITIES = {
    "en": ["Ho Chi Minh City", "Hai Phong", "Da Nang", "Bangkok", "Paris", "Hanover", "Haiphong"],
    "vi": ["Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Huế", "Nha Trang", "Hà Tĩnh"],
}
LANGUAGES = ("en", "vi", "vi_bare")


def gazetteer_and_places() -> tuple[Gazetteer, dict[str, list[tuple[str, str]]]]:
    """The demo city's gazetteer, and per language the places (not the city) to put in: the
    name written and the label of the gazetteer entry it must be found as."""
    from beacon.core.demo import hanoi
    from beacon.core.models import Agency
    from beacon.core.roles import AgencyKind
    from beacon.monitoring.demo_data import PLACES
    from beacon.monitoring.gazetteer import _agency_forms
    from beacon.monitoring.pipeline.mentions import CITY, Gazetteer, Place

    places = [Place("Hà Nội", CITY, tuple(form for _l, form, _o in hanoi.CITY["name_forms"]))]
    names: dict[str, list[tuple[str, str]]] = {"en": [], "vi": []}
    for data in hanoi.AGENCIES:
        if data["kind"] == AgencyKind.PARTNER:
            continue
        agency = Agency(
            name=data["name"],
            names=data.get("names", {}),
            kind=data["kind"],
            abbreviation=data.get("abbreviation", ""),
        )
        kind, forms = _agency_forms(agency)
        places.append(Place(forms[0], kind, forms))
        if kind == "district":
            names["vi"].append((forms[-1], forms[0]))
            names["en"].append((forms[0], forms[0]))
    for name, kind, aliases in PLACES:
        places.append(Place(name, kind, (name, *aliases)))
        names["vi"].append((name, name))
        names["en"].append((aliases[0], name))
    return Gazetteer(places), names


def labelled(
    lines: dict[str, list[str]], places: dict[str, list[tuple[str, str]]]
) -> list[tuple[str, str, str, str]]:
    """(language, version, text, label of the place put in) for every line, its version drawn
    at random; the label is empty but for the ``place`` version."""
    rng = random.Random(2015)
    picks = {
        "city": {lang: [(n, "") for n in forms] for lang, forms in CITY_FORMS.items()},
        "other": {lang: [(n, "") for n in forms] for lang, forms in OTHER_CITIES.items()},
        "place": places,
    }
    cases = []
    for position in range(len(lines["en"])):
        version = rng.choice(("city", "place", "other", "absent"))
        template = rng.randrange(len(TEMPLATES["en"]))
        for language in ("en", "vi"):
            line, label = lines[language][position], ""
            if version != "absent":
                choices = picks[version][language]
                name, label = choices[rng.randrange(len(choices))]
                line = TEMPLATES[language][template].format(name=name, line=line)
            cases.append((language, version, line, label))
            if language == "vi":
                cases.append(("vi_bare", version, strip_marks(line), label))
    return cases


def measure(data: Path) -> dict[str, float]:
    import django

    django.setup()
    from beacon.monitoring.pipeline import mentions
    from beacon.monitoring.pipeline.item import Item
    from beacon.monitoring.pipeline.options import Options
    from beacon.monitoring.pipeline.topics import Taxonomy

    lines = {
        "en": read_iwslt(data / "iwslt15-en-vi/tst2012.en"),
        "vi": read_iwslt(data / "iwslt15-en-vi/tst2012.vi"),
    }
    gazetteer, names = gazetteer_and_places()
    options = Options(gazetteer=gazetteer, taxonomy=Taxonomy({}), keep_unrelated=True)
    cases = labelled(lines, names)
    counts: dict[tuple[str, str], list[int]] = {}
    started = time.perf_counter()
    for language, version, text, label in cases:
        item = mentions.run(Item(ref=None, url="", html="", text=text), options)
        if version == "city":
            right = item.about_city
        elif version == "place":
            right = label in {found.label for found in item.found}
        elif version == "other":
            right = not item.found and not item.about_city
        else:
            right = not item.found
        tally = counts.setdefault((language, version), [0, 0])
        tally[0] += int(right)
        tally[1] += 1
        if version == "absent":
            city = counts.setdefault((language, "absent_city"), [0, 0])
            city[0] += int(not item.about_city)
            city[1] += 1
    elapsed = time.perf_counter() - started
    figures: dict[str, float] = {}
    for language in LANGUAGES:
        for version, name in (("city", "city_recall"), ("place", "place_recall")):
            right, total = counts[(language, version)]
            figures[f"{language}_{name}"] = right / total
        for version, name in (
            ("absent", "absent_fp"),
            ("absent_city", "absent_about_city"),
            ("other", "other_fp"),
        ):
            right, total = counts[(language, version)]
            figures[f"{language}_{name}"] = 1 - right / total
    figures["lines_per_s"] = len(cases) / elapsed
    log(f"{len(cases)} lines ({len(lines['en'])} per language and spelling)")
    return {name: round(value, 4) for name, value in figures.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata")
    parser.add_argument("--gate", type=Path, help="baseline file of limits (bench/baselines/)")
    args = parser.parse_args(argv)
    if not (args.data / "iwslt15-en-vi/tst2012.vi").exists():
        message = f"{args.data} has no iwslt15-en-vi/tst2012.vi: the public data is absent"
        if args.gate:
            log(f"SKIPPED: {message}; the mentions gate did not run.")
            return 0
        parser.error(message)
    figures = measure(args.data)
    print(json.dumps(figures))
    if args.gate:
        return gate(figures, args.gate, "mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
