from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.core import backup


class Command(BaseCommand):
    help = (
        "Write the database (SQLite online backup, or pg_dump for PostgreSQL) and the uploaded "
        "media into one archive, by default var/backups/beacon-<date>.tar.gz."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", nargs="?", type=Path, help="where to write the archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, manifest = backup.backup(options["archive"])
        except backup.BackupError as exc:
            raise CommandError(f"backup failed, nothing written: {exc}") from None
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"{path}: {manifest.engine}, {len(manifest.tables)} tables, {rows} rows, "
            f"{path.stat().st_size} bytes"
        )
