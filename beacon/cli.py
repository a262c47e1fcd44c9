"""The `beacon` command: every Django management command, plus demo, serve, worker, scheduler.

It reads settings the way the server does, and turns configuration errors into one clear line
instead of a traceback.
"""

from __future__ import annotations

import os
import secrets
import sys

from beacon.lib.paths import var_dir


def _ensure_local_secret() -> None:
    """Without BEACON_SECRET_KEY(_FILE), use a random key kept in var/ for this installation.

    The key is made once, readable only by its owner, and never leaves the machine; a
    deployment sets its own through the environment.
    """
    if os.environ.get("BEACON_SECRET_KEY") or os.environ.get("BEACON_SECRET_KEY_FILE"):
        return
    key_file = var_dir() / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    os.environ["BEACON_SECRET_KEY_FILE"] = str(key_file)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")
    _ensure_local_secret()
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"beacon: configuration error: {exc}\n")
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
