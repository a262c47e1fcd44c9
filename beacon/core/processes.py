"""The processes that make up a running Beacon: web server, worker and scheduler."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from beacon.core.health import check_broker, check_database
from beacon.lib.env import envint, envstr


def _process_int(name: str, default: int, **bounds: int) -> int:
    """Read a process setting; a bad value stops the command with one line, not a traceback.

    These variables are read when a process starts, after Django's set-up, where the ``beacon``
    command's own handling of configuration errors no longer applies.
    """
    try:
        return envint(name, default, **bounds)
    except ImproperlyConfigured as exc:
        raise CommandError(str(exc)) from None


def preflight() -> None:
    """Stop with one clear sentence when the database or the broker does not answer."""
    for check in (check_database(), check_broker()):
        if not check.ok:
            variable = "DATABASE_URL" if check.name == "database" else "CELERY_BROKER_URL"
            raise CommandError(
                f"The {check.name} does not answer ({check.detail}). "
                f"Check that it is running, or set {variable}."
            )


def bind_address() -> str:
    port = _process_int("BEACON_PORT", 8000, minimum=1, maximum=65535)
    host = envstr("BEACON_HOST", "127.0.0.1")
    return f"{host}:{port}"


def web_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "beacon.wsgi:application",
        "--bind",
        bind_address(),
        "--workers",
        str(_process_int("BEACON_WEB_WORKERS", 2, minimum=1)),
        "--threads",
        str(_process_int("BEACON_WEB_THREADS", 4, minimum=1)),
        "--timeout",
        "60",
        "--access-logfile",
        "-",
    ]


def worker_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "--app",
        "beacon",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        str(_process_int("BEACON_WORKER_CONCURRENCY", os.cpu_count() or 2, minimum=1)),
        "--hostname",
        "beacon@%h",
    ]


def scheduler_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "--app",
        "beacon",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(settings.VAR_DIR / "celerybeat-schedule"),
    ]


def run_together(commands: dict[str, list[str]], *, out: Any = sys.stdout) -> int:
    """Run the processes side by side until Ctrl-C, or until one of them stops.

    On Ctrl-C (or SIGTERM) each process is asked to stop, given ten seconds, then killed, so that
    no worker is left running behind the terminal.
    """
    processes = {name: subprocess.Popen(argv) for name, argv in commands.items()}  # noqa: S603
    stopping = False

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    exit_code = 0
    try:
        while not stopping:
            for name, process in processes.items():
                code = process.poll()
                if code is not None:
                    out.write(
                        f"beacon: the {name} stopped (exit code {code}); stopping the rest.\n"
                    )
                    exit_code = code or 1
                    stopping = True
                    break
            time.sleep(0.3)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    out.write("beacon: stopped.\n")
    return exit_code
