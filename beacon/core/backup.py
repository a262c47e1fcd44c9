"""One archive holds the whole installation: the database and the uploaded media.

The archive is a gzipped tar with three members, in this order:

- ``manifest.json``: the format, the database engine, when it was made, the applied migrations
  and the row count of every table (what ``restore --dry-run`` shows and checks against);
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
  ``database.pgdump`` (``pg_dump --format=custom``, restored with ``pg_restore``);
- ``media/…``: every file under ``MEDIA_ROOT``.

Nothing is half-written. A backup is built in a temporary file beside its destination and
renamed into place only when complete, so a full disk or a failed ``pg_dump`` leaves no archive
that looks good and is not. A restore checks the whole archive first (readable, same engine,
every member present), then replaces the database in one step (the backup API, or
``pg_restore --single-transaction``) and swaps the media folder by renaming.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Manifest:
    format: int
    engine: str
    created_at: str
    migrations: list[str]
    tables: dict[str, int]

    @property
    def database_member(self) -> str:
        return "database.sqlite3" if self.engine == "sqlite" else "database.pgdump"


def _engine() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def table_counts() -> dict[str, int]:
    """Rows in every table of the database, by name."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 (names from the catalogue)
            counts[name] = cursor.fetchone()[0]
    return counts


def _manifest() -> Manifest:
    applied = MigrationRecorder(connection).applied_migrations()
    return Manifest(
        format=FORMAT,
        engine=_engine(),
        created_at=timezone.now().isoformat(),
        migrations=sorted(f"{app}.{name}" for app, name in applied),
        tables=table_counts(),
    )


# ---------------------------------------------------------------------------------------------
# The database, per engine


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore (the password not on argv)."""
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (the PostgreSQL client tools)") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-500:]
        raise BackupError(f"{command[0]} failed (exit {done.returncode}): {detail}")


def _dump_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return
    args, env = _pg_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env)


def _load_database(engine: str, source: Path) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
        return
    args, env = _pg_env()
    # Our own connection would hold locks pg_restore waits for.
    connection.close()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    _run([*command, "--single-transaction", *args, str(source)], env)


# ---------------------------------------------------------------------------------------------
# Backup


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"beacon-{stamp}.tar.gz"


def backup(destination: Path | None = None) -> tuple[Path, Manifest]:
    """Write the archive of the database and media to ``destination``; returns it and its manifest.

    Built in a temporary file in the destination's folder and renamed into place when whole.
    """
    destination = destination or default_path()
    destination.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".beacon-backup-") as work:
            manifest = _manifest()
            database = Path(work) / manifest.database_member
            _dump_database(engine, database)
            manifest_file = Path(work) / MANIFEST
            manifest_file.write_text(json.dumps(manifest.__dict__, indent=1), encoding="utf-8")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(manifest_file, MANIFEST)
                archive.add(database, manifest.database_member)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    archive.add(media, MEDIA)
            with partial.open("rb") as written:
                os.fsync(written.fileno())
        partial.replace(destination)
    except (OSError, sqlite3.Error) as exc:
        # A full disk shows as OSError (ENOSPC, EFBIG) or, inside SQLite, "disk is full".
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(f"could not write {destination}: {reason}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return destination, manifest


# ---------------------------------------------------------------------------------------------
# Restore


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise KeyError(MANIFEST)
        data: dict[str, Any] = json.loads(member.read().decode("utf-8"))
        manifest = Manifest(**data)
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(f"not a Beacon backup (no readable {MANIFEST}): {exc}") from None
    if manifest.format != FORMAT:
        raise BackupError(f"backup format {manifest.format}; this Beacon reads format {FORMAT}")
    return manifest


@contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            yield archive
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from None


def inspect(path: Path) -> Manifest:
    """The manifest of an archive, after checking it is whole and fits this installation."""
    with _opened(path) as archive:
        manifest = read_manifest(archive)
        names = set(archive.getnames())
        if manifest.database_member not in names:
            raise BackupError(f"{path} has no {manifest.database_member}")
        for member in archive.getmembers():
            # Reading every member proves the archive is not truncated.
            stream = archive.extractfile(member)
            if stream is not None:
                while stream.read(1 << 20):
                    pass
    if manifest.engine != _engine():
        raise BackupError(
            f"the backup is of a {manifest.engine} database; this installation uses {_engine()}"
        )
    return manifest


def restore(path: Path) -> Manifest:
    """Replace the database and the media with the archive's; checks the archive first."""
    manifest = inspect(path)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".beacon-restore-") as work:
        with _opened(path) as archive:
            archive.extractall(work, filter="data")
        try:
            _load_database(manifest.engine, Path(work) / manifest.database_member)
        except sqlite3.Error as exc:
            raise BackupError(f"the database was not replaced: {exc}") from None
        restored_media = Path(work) / MEDIA
        restored_media.mkdir(exist_ok=True)
        old = Path(work) / "media-before-restore"
        if media_root.exists():
            media_root.rename(old)
        restored_media.rename(media_root)
        shutil.rmtree(old, ignore_errors=True)
    return manifest
