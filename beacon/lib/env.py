"""Typed readers of environment variables.

Configuration comes from the environment only. Each reader fails loudly, naming the variable,
so that a typo in a deployment stops start-up instead of running with a silent default.
"""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def envint(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {value}")
    return value


def envtimezone(name: str, default: str) -> str:
    """An IANA time zone name (``Asia/Ho_Chi_Minh``), checked against the zone database."""
    value = os.environ.get(name, "").strip() or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as Asia/Ho_Chi_Minh; got {value!r}"
        ) from None
    return value


def envdir(name: str, default: str, *, keywords: frozenset[str] = frozenset()) -> str:
    """One of ``keywords`` (a packaged choice), or the path of a directory that exists."""
    value = os.environ.get(name, "").strip() or default
    if value in keywords or Path(value).is_dir():
        return value
    choices = " or ".join([*sorted(keywords), "the path of a directory"])
    raise ImproperlyConfigured(f"{name} must be {choices}; {value!r} is not a directory")


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str, default: str | None = None) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker and systemd style).

    Secrets never live in the repository: without either variable and without a default, start-up
    stops and says which variable to set.
    """
    file_var = f"{name}_FILE"
    if os.environ.get(file_var):
        path = Path(os.environ[file_var])
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{file_var} points to {path}, which cannot be read: {exc}"
            ) from None
        if not value:
            raise ImproperlyConfigured(f"{file_var} points to {path}, which is empty")
        return value
    value = os.environ.get(name, "")
    if value:
        return value
    if default is not None:
        return default
    raise ImproperlyConfigured(f"{name} (or {file_var}) must be set")
