"""Near-duplicate stories: the fingerprint and dedupe stages on copies made from public text.

Usage::

    .venv/bin/python bench/dedupe.py [--data ../shared/benchdata] [--gate FILE]

The monitor's ``fingerprint`` (MinHash of three-word shingles, LSH bands) and ``dedupe``
(``run_batch`` over an in-memory index, the same code as the app's stored index) stages, with
the app's default options, on articles of eight consecutive IWSLT'15 tst2012 lines (English,
and Vietnamese as written). Two thirds of the articles are originals; each gets one copy, its
kind drawn at random (a fixed seed), the way a wire story comes back from other outlets:

- ``retitled``: another headline, the outlet's credit line and a "read more" trailer;
- ``trimmed``: the last two lines cut (a shorter version);
- ``edited``: one line replaced by a line from elsewhere and one line added;
- ``bare`` (Vietnamese only): the copy without diacritics, as some outlets abroad print it.

Every copy must be found as the copy of its original. Two kinds of different stories must not
be: ``distinct``, articles of the last third, and ``overlap``, articles that quote two lines
of an original among six lines of their own. Figures per language: ``<language>_copy_recall``
(and per kind of copy), ``<language>_distinct_merged`` and ``<language>_overlap_merged`` (the
shares wrongly taken for a copy), and ``items_per_s``. The last line of stdout is one JSON
object; ``--gate`` compares it with ``bench/baselines/dedupe.json`` (floors and ceilings, as
``bench/langid.py``).
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")

from langid import gate, log, read_iwslt, strip_marks  # noqa: E402

LINES_PER_ARTICLE = 8
COPIES = {"en": ("retitled", "trimmed", "edited"), "vi": ("retitled", "trimmed", "edited", "bare")}
CREDIT = {"en": "(Wire) — ", "vi": "(TTXVN) — "}
TRAILER = {"en": "Read more on our website.", "vi": "Xem thêm tại trang của chúng tôi."}


def copy_of(
    kind: str, title: str, lines: list[str], language: str, rng: random.Random, spare: list[str]
) -> tuple[str, str]:
    """A copy of the article (title, lines) of the given kind, as another outlet prints it."""
    if kind == "retitled":
        return f"{lines[1][:80]}", CREDIT[language] + "\n".join([*lines, TRAILER[language]])
    if kind == "trimmed":
        return title, "\n".join(lines[:-2])
    if kind == "edited":
        edited = list(lines)
        edited[rng.randrange(len(edited))] = rng.choice(spare)
        edited.insert(rng.randrange(len(edited)), rng.choice(spare))
        return title, "\n".join(edited)
    return strip_marks(title), strip_marks("\n".join(lines))


def measure(data: Path) -> dict[str, float]:
    import django

    django.setup()
    from beacon.monitoring.pipeline import dedupe, fingerprint
    from beacon.monitoring.pipeline.item import Item
    from beacon.monitoring.pipeline.mentions import Gazetteer
    from beacon.monitoring.pipeline.options import Options
    from beacon.monitoring.pipeline.topics import Taxonomy

    options = Options(gazetteer=Gazetteer([]), taxonomy=Taxonomy({}))
    figures: dict[str, float] = {}
    items_total, elapsed = 0, 0.0
    for language in ("en", "vi"):
        rng = random.Random(2012)
        lines = read_iwslt(data / f"iwslt15-en-vi/tst2012.{language}")
        articles = [
            lines[i : i + LINES_PER_ARTICLE]
            for i in range(0, len(lines) - LINES_PER_ARTICLE + 1, LINES_PER_ARTICLE)
        ]
        split = 2 * len(articles) // 3
        originals, others = articles[:split], articles[split:]
        spare = [line for article in others for line in article]
        items: list[tuple[Item, str, object]] = []

        def item(key: str, title: str, text: str) -> Item:
            return Item(ref=key, url="", html="", title=title, text=text, url_hash=key)

        for number, article in enumerate(originals):
            items.append((item(f"o{number}", article[0], "\n".join(article[1:])), "original", None))
        for number, article in enumerate(originals):
            kind = rng.choice(COPIES[language])
            title, text = copy_of(kind, article[0], article[1:], language, rng, spare)
            items.append((item(f"c{number}", title, text), kind, ("item", f"o{number}")))
        for number, article in enumerate(others):
            items.append((item(f"d{number}", article[0], "\n".join(article[1:])), "distinct", None))
            quoted = rng.sample(originals[number % len(originals)][1:], 2)
            mixed = rng.sample(spare, LINES_PER_ARTICLE - 3) + quoted
            rng.shuffle(mixed)
            items.append((item(f"x{number}", rng.choice(spare), "\n".join(mixed)), "overlap", None))
        started = time.perf_counter()
        batch = [fingerprint.run(entry, options) for entry, _kind, _expected in items]
        dedupe.run_batch(batch, options, dedupe.MemoryIndex())
        elapsed += time.perf_counter() - started
        items_total += len(batch)
        tallies: dict[str, list[int]] = {}
        for entry, kind, expected in items:
            if kind == "original":
                continue
            tally = tallies.setdefault(kind, [0, 0])
            tally[0] += int(entry.duplicate_of == expected)
            tally[1] += 1
        copies = [tallies[kind] for kind in COPIES[language]]
        figures[f"{language}_copy_recall"] = sum(t[0] for t in copies) / sum(t[1] for t in copies)
        for kind in COPIES[language]:
            figures[f"{language}_{kind}_recall"] = tallies[kind][0] / tallies[kind][1]
        for kind in ("distinct", "overlap"):
            figures[f"{language}_{kind}_merged"] = 1 - tallies[kind][0] / tallies[kind][1]
        log(
            f"{language}: {len(originals)} originals and their copies, "
            f"{2 * len(others)} different stories"
        )
    figures["items_per_s"] = items_total / elapsed if elapsed else 0.0
    return {name: round(value, 4) for name, value in figures.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata")
    parser.add_argument("--gate", type=Path, help="baseline file of limits (bench/baselines/)")
    args = parser.parse_args(argv)
    if not (args.data / "iwslt15-en-vi/tst2012.vi").exists():
        message = f"{args.data} has no iwslt15-en-vi/tst2012.vi: the public data is absent"
        if args.gate:
            log(f"SKIPPED: {message}; the near-duplicate gate did not run.")
            return 0
        parser.error(message)
    figures = measure(args.data)
    print(json.dumps(figures))
    if args.gate:
        return gate(figures, args.gate, "near-duplicate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
