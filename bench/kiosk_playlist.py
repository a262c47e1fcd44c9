"""Kiosk playlist speed: revalidation polls (If-None-Match → 304) under gunicorn on SQLite.

Builds a throwaway SQLite database in a temporary var/ directory (migrations, one agency, one
group with a rule, 20 slides in two languages, one registered kiosk), starts gunicorn on
loopback (gthread workers, so ApacheBench's keep-alive connections are kept), fetches the
playlist once for its ETag, then drives a fixed number of revalidation requests with ``ab``
(Debian package ``apache2-utils``), the same client bench/portal.py uses. ``measure()`` returns
the figures (``playlist_rps`` first); ``__main__`` prints them as one JSON line.

    .venv/bin/python bench/kiosk_playlist.py [--requests 40000] [--connections 16]

Target on a 2-core machine: >= 2,000 req/s.
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
PLAYLIST = "/kiosk/api/playlist"
SETUP = """
import django; django.setup()
from beacon.core.models import Agency
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import Channel
from beacon.kiosks import actions
from beacon.kiosks.adapter import KioskAdapter
from beacon.kiosks.models import Kiosk, KioskGroup, PlaylistRule
agency = Agency.objects.create(code="CK-BENCH", name="Cửa khẩu", kind="border_gate")
group = KioskGroup(agency=agency, name="Bench", slug="bench")
group = actions.do_save_group(group, acting_user=None)
actions.do_save_rule(PlaylistRule(group=group, categories=["news", "entry"]), acting_user=None)
kiosk = Kiosk(group=group, name="bench-1", languages=["vi", "en"])
kiosk = actions.do_save_kiosk(kiosk, acting_user=None)
channel = Channel.objects.create(name="Kiosks", kind="kiosk")
for n in range(20):
    for language in ("vi", "en"):
        KioskAdapter().deliver(channel, Message(
            item_key=f"news-{n}", idempotency_key=f"news-{n}:{language}", action="publish",
            language=language, title=f"Tin {n} {language}", summary="Tóm tắt " * 20,
            url=f"https://portal.example/{language}/news-{n}/"))
print(actions.do_issue_token(kiosk, acting_user=None))
"""


def _env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # the embedded default: SQLite in var_dir
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "beacon.settings",
            "BEACON_VAR_DIR": str(var_dir),
            "BEACON_SECRET_KEY": env.get("BEACON_SECRET_KEY", "bench-only-secret"),
            "BEACON_LOG_LEVEL": "WARNING",
        }
    )
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare(var_dir: Path) -> str:
    """Migrate a fresh database and register a kiosk; returns its device token."""
    env = _env(var_dir)
    subprocess.run([PYTHON, "-m", "django", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    done = subprocess.run(
        [PYTHON, "-c", SETUP], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def _serve(var_dir: Path, workers: int, threads: int) -> tuple[Any, str]:
    port = _free_port()
    command = [
        PYTHON, "-m", "gunicorn", "beacon.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread", "--keep-alive", "30",
        "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=_env(var_dir), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(150):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310  (loopback)
                return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _etag(base: str, token: str) -> str:
    request = urllib.request.Request(  # noqa: S310  (loopback)
        base + PLAYLIST, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        if response.status != 200:
            raise SystemExit(f"the playlist answered {response.status}")
        return str(response.headers["ETag"])


def _ab(url: str, headers: list[str], requests: int, connections: int) -> dict[str, float]:
    """Run ab; a 304 is the expected answer, so anything else counts as an error."""
    command = ["ab", "-k", "-q", "-n", str(requests), "-c", str(connections)]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    figures: dict[str, float] = {"requests": requests, "failed": 0, "not_modified": 0}
    in_percentiles = False
    for line in result.stdout.splitlines():
        if line.startswith("Requests per second:"):
            figures["rps"] = float(line.split()[3])
        elif line.startswith("Failed requests:"):
            figures["failed"] = int(line.split(":")[1].split()[0])
        elif line.startswith("Non-2xx responses:"):
            figures["not_modified"] = int(line.split(":")[1].split()[0])
        elif line.startswith("Percentage of the requests"):
            in_percentiles = True
        elif in_percentiles and "%" in line:
            share, milliseconds = line.split()[:2]
            if share in ("50%", "99%"):
                figures[f"p{share[:-1]}_ms"] = float(milliseconds)
    figures["errors"] = figures["failed"] + requests - figures["not_modified"]
    return figures


def measure(
    requests: int = 40_000, connections: int = 16, workers: int = 2, threads: int = 4
) -> dict[str, Any]:
    """Start gunicorn on a fresh SQLite database and measure revalidation polls."""
    if shutil.which("ab") is None:
        raise SystemExit("bench/kiosk_playlist.py needs ab (Debian: apt-get install apache2-utils)")
    with tempfile.TemporaryDirectory(prefix="beacon-kiosk-bench-") as scratch:
        var_dir = Path(scratch)
        token = _prepare(var_dir)
        server, base = _serve(var_dir, workers, threads)
        try:
            tag = _etag(base, token)
            headers = [f"Authorization: Bearer {token}", f"If-None-Match: {tag}"]
            _ab(base + PLAYLIST, headers, min(2_000, requests), connections)  # warm every worker
            figures = _ab(base + PLAYLIST, headers, requests, connections)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "playlist_rps": figures["rps"],
        "playlist_p50_ms": figures.get("p50_ms"),
        "playlist_p99_ms": figures.get("p99_ms"),
        "requests": requests,
        "errors": figures["errors"],
        "client": "ab -k",
        "connections": connections,
        "workers": workers,
        "threads": threads,
        "database": "sqlite",
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    print(json.dumps(measure(args.requests, args.connections, args.workers, args.threads)))


if __name__ == "__main__":
    main()
