"""Portal speed: the production web server (gunicorn) with and without the page cache.

Starts gunicorn on loopback on a database holding the publishing demo, drives the home page,
an article and a feed with a fixed number of requests from ApacheBench (``ab``, Debian package
``apache2-utils``; keep-alive connections), and
prints one JSON line per measurement; the last line is a JSON object with the flat keys
``cached_rps`` (the lowest of the three pages), ``cached_p99_ms`` (the highest) and
``uncached_article_p95_ms``.

    .venv/bin/python bench/portal.py                 # builds a fresh demo database first
    .venv/bin/python bench/portal.py --var-dir var   # reuses an installation's var/ directory

Targets on a 2-core machine: cached pages >= 1,500 req/s with p99 < 50 ms; an uncached
article page p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = {
    "home": "/vi/",
    "article": "/vi/tin-tuc/le-hoi-mua-thu-2025/",
    "feed": "/vi/feeds/news.rss",
}
LOAD_DEMO = (
    "import django; django.setup(); "
    "from beacon.demo import load_demo; load_demo('Bench-Only-Password-1'); "
    "from beacon.portal.demo_loader import load_publishing_demo; load_publishing_demo()"
)


def _env(var_dir: Path, cache_seconds: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "beacon.settings",
            "BEACON_VAR_DIR": str(var_dir),
            "BEACON_SECRET_KEY": env.get("BEACON_SECRET_KEY", "bench-only-secret"),
            "BEACON_PAGE_CACHE_SECONDS": str(cache_seconds),
            "BEACON_LOG_LEVEL": "WARNING",
        }
    )
    return env


def _prepare(var_dir: Path) -> None:
    env = _env(var_dir, 0)
    subprocess.run([PYTHON, "-m", "django", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([PYTHON, "-c", LOAD_DEMO], env=env, check=True, cwd=ROOT)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(var_dir: Path, cache_seconds: int, workers: int, threads: int) -> tuple[Any, str]:
    port = _free_port()
    command = [
        PYTHON, "-m", "gunicorn", "beacon.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=_env(var_dir, cache_seconds), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310  (loopback)
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise SystemExit("gunicorn did not start")
    for path in PAGES.values():  # warm the code paths and, when caching, the cache itself
        for _round in range(3):
            with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
    return server, base


def _ab(url: str, requests: int, connections: int) -> dict[str, float]:
    """Run ab and read its summary: requests per second and the latency percentiles (ms)."""
    result = subprocess.run(
        ["ab", "-k", "-q", "-n", str(requests), "-c", str(connections), url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures: dict[str, float] = {"requests": requests, "errors": 0}
    in_percentiles = False
    for line in result.stdout.splitlines():
        if line.startswith("Requests per second:"):
            figures["rps"] = float(line.split()[3])
        elif line.startswith(("Failed requests:", "Non-2xx responses:")):
            figures["errors"] += int(line.split(":")[1].split()[0])
        elif line.startswith("Percentage of the requests"):
            in_percentiles = True
        elif in_percentiles and "%" in line:
            share, milliseconds = line.split()[:2]
            if share in ("50%", "95%", "99%"):
                figures[f"p{share[:-1]}_ms"] = float(milliseconds)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, help="an existing var/ with the demo loaded")
    parser.add_argument("--requests", type=int, default=20_000, help="per cached page")
    parser.add_argument("--uncached-requests", type=int, default=600)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("ab") is None:
        raise SystemExit("bench/portal.py needs ab (Debian: apt-get install apache2-utils)")
    scratch = None
    var_dir = args.var_dir
    if var_dir is None:
        scratch = tempfile.TemporaryDirectory(prefix="beacon-bench-")
        var_dir = Path(scratch.name)
        _prepare(var_dir)
    results: dict[str, dict[str, float]] = {}
    try:
        for label, cache_seconds in (("cached", 300), ("uncached", 0)):
            server, base = _serve(var_dir, cache_seconds, args.workers, args.threads)
            try:
                for page, path in PAGES.items():
                    if label == "uncached" and page != "article":
                        continue
                    count = args.requests if label == "cached" else args.uncached_requests
                    # Uncached pages are CPU-bound: as many readers at once as there are cores.
                    connections = args.connections if label == "cached" else os.cpu_count() or 2
                    figures = _ab(base + path, count, connections)
                    results[f"{label}_{page}"] = figures
                    print(json.dumps({"page": page, "cache": label, **figures}), flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        if scratch is not None:
            scratch.cleanup()
    cached = [results[f"cached_{page}"] for page in PAGES]
    summary = {
        "cached_rps": min(figures["rps"] for figures in cached),
        "cached_p99_ms": max(figures["p99_ms"] for figures in cached),
        "uncached_article_p95_ms": results["uncached_article"]["p95_ms"],
        "uncached_article_rps": results["uncached_article"]["rps"],
        "errors": sum(figures["errors"] for figures in results.values()),
        "workers": args.workers,
        "threads": args.threads,
        "cpus": os.cpu_count(),
    }
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
