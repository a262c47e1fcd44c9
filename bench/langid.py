"""Language identification of Vietnamese without diacritics, on public text.

Usage::

    .venv/bin/python bench/langid.py [--data ../shared/benchdata] [--gate FILE]

The monitor's ``language.identify`` (the pipeline stage) is measured on:

1. ``vi_bare``: the 1,553 Vietnamese lines of IWSLT'15 tst2012 with their marks removed
   (NFD, combining marks dropped, đ as d): the share identified as ``vi``.
2. ``vi_bare_vlsp``: the same on the first 1,000 reviews of VLSP 2016 (another source and
   register, informal; the thresholds were not chosen on it).
3. ``vi_marked``: the IWSLT Vietnamese lines as written, so that the bare check costs nothing.
4. ``others_as_vi``: the share of lines in other languages identified as ``vi``: the 1,553
   English lines of IWSLT and the XLM-T tweets (train and validation: 2,161 lines each of
   Arabic, English, French, German, Hindi, Italian, Portuguese and Spanish), 18,841 lines;
   ``others_as_vi_<language>`` each.

The data stays in ``../shared/benchdata`` (never copied into the project). The last line of
stdout is one JSON object; ``--gate`` compares it with a baseline file (``floors``: at least,
``ceilings``: at most) and exits 1 when a figure is on the wrong side, or 0 with a message when
the data is absent.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")

VLSP_LINES = 1000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def strip_marks(text: str) -> str:
    """Vietnamese as typed without diacritics: marks dropped, đ as d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def read_iwslt(path: Path) -> list[str]:
    """Lines as written: the byte-order mark dropped, HTML escapes undone, empty lines left out."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [html.unescape(line).strip() for line in lines if line.strip()]


def read_vlsp(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [row[1].strip() for row in rows if len(row) > 1 and row[1].strip()][:VLSP_LINES]


def others(data: Path) -> dict[str, list[str]]:
    found = {"english_iwslt": read_iwslt(data / "iwslt15-en-vi/tst2012.en")}
    tweets = data / "tone/xlm-t"
    for folder in sorted(tweets.iterdir()) if tweets.is_dir() else []:
        if folder.is_dir():
            lines = []
            for split in ("train", "val"):
                text = (folder / f"{split}_text.txt").read_text(encoding="utf-8")
                lines += [line.strip() for line in text.splitlines() if line.strip()]
            found[folder.name] = lines
    return found


def share_vi(lines: list[str]) -> float:
    from beacon.monitoring.pipeline.language import identify

    return sum(identify(line) == "vi" for line in lines) / len(lines)


def measure(data: Path) -> dict[str, float]:
    import django

    django.setup()
    vi = read_iwslt(data / "iwslt15-en-vi/tst2012.vi")
    figures = {
        "vi_bare": share_vi([strip_marks(line) for line in vi]),
        "vi_marked": share_vi(vi),
    }
    vlsp = data / "tone/vlsp2016/sentiment_train.csv"
    if vlsp.exists():
        figures["vi_bare_vlsp"] = share_vi([strip_marks(line) for line in read_vlsp(vlsp)])
    taken = total = 0
    for language, lines in others(data).items():
        share = share_vi(lines)
        figures[f"others_as_vi_{language}"] = share
        taken += round(share * len(lines))
        total += len(lines)
    figures["others_as_vi"] = taken / total
    log(f"{len(vi)} Vietnamese lines, {total} lines in other languages")
    return {name: round(value, 4) for name, value in figures.items()}


def gate(figures: dict[str, float], baseline: Path, what: str = "language-identification") -> int:
    """0 when every figure is on the right side of its floor or ceiling, else 1 (saying why).

    ``bench/mentions.py`` and ``bench/dedupe.py`` gate their figures with it too.
    """
    limits = json.loads(baseline.read_text())
    failures = []
    for name, floor in limits.get("floors", {}).items():
        if name in figures and figures[name] < floor:
            failures.append(f"{name} = {figures[name]} is below its floor {floor} ({baseline})")
    for name, ceiling in limits.get("ceilings", {}).items():
        if name in figures and figures[name] > ceiling:
            failures.append(f"{name} = {figures[name]} is above its ceiling {ceiling}")
    for name in [*limits.get("floors", {}), *limits.get("ceilings", {})]:
        if name not in figures:
            log(f"{name} was not measured (its data is absent): its limit is not checked")
    for failure in failures:
        log(f"GATE FAILED: {failure}")
    if not failures:
        log(f"{what} gate passed ({baseline})")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/benchdata")
    parser.add_argument("--gate", type=Path, help="baseline file of limits (bench/baselines/)")
    args = parser.parse_args(argv)
    if not (args.data / "iwslt15-en-vi/tst2012.vi").exists():
        message = f"{args.data} has no iwslt15-en-vi/tst2012.vi: the public data is absent"
        if args.gate:
            log(f"SKIPPED: {message}; the language-identification gate did not run.")
            return 0
        parser.error(message)
    started = time.perf_counter()
    figures = measure(args.data)
    log(f"measured in {time.perf_counter() - started:.1f} s")
    print(json.dumps(figures))
    if args.gate:
        return gate(figures, args.gate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
