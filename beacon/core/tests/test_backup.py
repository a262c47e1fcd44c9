"""`beacon backup` and `beacon restore`: a round trip gives back every table, row for row.

On SQLite always (the online backup API, on the test database itself); on PostgreSQL when the
tests run there (``DATABASE_URL=postgres://…``) and ``pg_dump`` is installed.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from beacon.core import backup
from beacon.core.models import AuditEvent, CityProfile
from beacon.monitoring.models import RawItem, Source

ROOT = Path(__file__).resolve().parents[3]


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _every_table() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: what a restore must give back."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")  # noqa: S608 (catalogue names)
            rows = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
            tables[name] = sorted(rows, key=repr)
    return tables


@pytest.fixture
def installation(transactional_db: Any, personas: Any, settings: Any, tmp_path: Path) -> Path:
    """Rows in many apps' tables and a few uploaded files."""
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        pytest.skip("needs pg_dump and pg_restore (postgresql-client) on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "ha-long.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (settings.MEDIA_ROOT / "notes.txt").write_text("Hồ Gươm\n", encoding="utf-8")
    source = Source.objects.create(name="Le Quotidien", url="https://lq.example/rss", country="FR")
    RawItem.objects.create(
        source=source, url="https://lq.example/a", url_hash="a", title="Hà Nội, la nuit"
    )
    return tmp_path


def _media(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_backup_restores_every_table_and_every_file(installation: Path, personas: Any) -> None:
    before = _every_table()
    files = _media(Path(settings.MEDIA_ROOT))
    archive = installation / "backups" / "beacon.tar.gz"
    call_command("backup", str(archive))
    assert archive.exists()

    # Life goes on after the backup: rows added, changed and deleted; files changed.
    Source.objects.create(name="Seoul Ilbo", url="https://si.example/rss", country="KR")
    RawItem.objects.all().delete()
    CityProfile.objects.update(short_name="Changed")
    personas.officer.delete()
    AuditEvent.objects.create(action="test.after_backup", object_type="test")
    (Path(settings.MEDIA_ROOT) / "notes.txt").write_text("changed", encoding="utf-8")
    (Path(settings.MEDIA_ROOT) / "later.txt").write_text("new", encoding="utf-8")
    assert _every_table() != before

    call_command("restore", str(archive), "--yes")
    after = _every_table()
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    assert _media(Path(settings.MEDIA_ROOT)) == files


def test_a_dry_run_checks_the_archive_and_changes_nothing(installation: Path) -> None:
    archive = installation / "beacon.tar.gz"
    call_command("backup", str(archive))
    Source.objects.create(name="Seoul Ilbo", url="https://si.example/rss", country="KR")
    call_command("restore", str(archive), "--dry-run")
    assert Source.objects.count() == 2


def test_a_truncated_archive_is_refused_before_anything_is_touched(installation: Path) -> None:
    archive = installation / "beacon.tar.gz"
    call_command("backup", str(archive))
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    Source.objects.create(name="Seoul Ilbo", url="https://si.example/rss", country="KR")
    with pytest.raises(CommandError, match="nothing restored"):
        call_command("restore", str(archive), "--yes")
    assert Source.objects.count() == 2


def test_an_archive_of_another_engine_is_refused(installation: Path) -> None:
    archive = installation / "beacon.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive, "r:gz") as tar:
        manifest = backup.read_manifest(tar)
    other = "postgresql" if manifest.engine == "sqlite" else "sqlite"
    with pytest.raises(backup.BackupError, match=f"backup is of a {other}"):
        _rewrite_engine(archive, other, installation)


def _rewrite_engine(archive: Path, engine: str, work: Path) -> None:
    """The same archive with another engine in its manifest, then inspected."""
    import json

    unpacked = work / "unpacked"
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")
    manifest = json.loads((unpacked / backup.MANIFEST).read_text())
    manifest["engine"] = engine
    (unpacked / backup.MANIFEST).write_text(json.dumps(manifest))
    member = "database.sqlite3" if engine == "sqlite" else "database.pgdump"
    for existing in unpacked.glob("database.*"):
        existing.rename(unpacked / member)
    forged = work / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for path in sorted(unpacked.iterdir()):
            tar.add(path, path.name)
    backup.inspect(forged)


def _limit_file_size() -> None:
    """In the child: no file may grow past 256 KB, as on a disk that is full."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_full_disk_fails_the_backup_clearly_and_leaves_no_archive(
    installation: Path,
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the full disk is simulated on a SQLite installation")
    database = installation / "copy.sqlite3"
    copy = sqlite3.connect(database)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    out = installation / "out"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "BEACON_VAR_DIR": str(installation / "var"),
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "backup", str(out / "beacon.tar.gz")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        preexec_fn=_limit_file_size,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert b"backup failed, nothing written" in done.stderr, done.stderr[-2000:]
    assert list(out.iterdir()) == []


def test_the_default_archive_is_dated_under_var(settings: Any) -> None:
    path = backup.default_path()
    assert path.parent == Path(settings.VAR_DIR) / "backups"
    assert timezone.localtime().strftime("%Y%m%d") in path.name
