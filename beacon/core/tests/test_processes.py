"""`make demo` runs the web server, a worker and the scheduler together; Ctrl-C stops them all."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from beacon.core.processes import run_together

_SLEEPER = "import os, sys, time; open(sys.argv[1], 'w').write(str(os.getpid())); time.sleep(60)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that exited but was not reaped yet is a zombie: as good as gone.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_it_stops_the_rest_when_one_process_stops(tmp_path: Path) -> None:
    out = io.StringIO()
    started = time.monotonic()
    code = run_together(
        {
            "web server": [sys.executable, "-c", _SLEEPER, str(tmp_path / "web.pid")],
            "worker": [sys.executable, "-c", "import sys, time; time.sleep(0.5); sys.exit(3)"],
        },
        out=out,
    )
    assert code == 3
    assert time.monotonic() - started < 15
    assert "the worker stopped (exit code 3)" in out.getvalue()
    assert not _alive(int((tmp_path / "web.pid").read_text()))


def test_it_stops_every_process_on_ctrl_c(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from beacon.core.processes import run_together\n"
        f"sleeper = {_SLEEPER!r}\n"
        "names = ('web', 'worker', 'scheduler')\n"
        "argv = {n: [sys.executable, '-c', sleeper, f'{sys.argv[1]}/{n}.pid'] for n in names}\n"
        "sys.exit(run_together(argv))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "beacon.settings"}
    parent = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", script, str(tmp_path)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        pid_files = [tmp_path / f"{name}.pid" for name in ("web", "worker", "scheduler")]
        deadline = time.monotonic() + 30
        while not all(p.exists() and p.read_text() for p in pid_files):
            assert time.monotonic() < deadline, "the processes did not start"
            time.sleep(0.1)
        children = [int(p.read_text()) for p in pid_files]
        parent.send_signal(signal.SIGINT)
        output, _ = parent.communicate(timeout=20)
    finally:
        if parent.poll() is None:
            parent.kill()
    assert parent.returncode == 0
    assert "beacon: stopped." in output
    assert not [pid for pid in children if _alive(pid)]
