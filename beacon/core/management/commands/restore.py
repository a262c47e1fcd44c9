from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beacon.core import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded media with those of an archive made by "
        "`beacon backup`. Stop the web server, workers and scheduler first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="an archive made by `beacon backup`")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the archive and show what it holds; change nothing",
        )
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing everything"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["archive"]
        try:
            manifest = backup.inspect(path)
        except backup.BackupError as exc:
            raise CommandError(f"nothing restored: {exc}") from None
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"{path}: {manifest.engine} backup of {manifest.created_at}, "
            f"{len(manifest.tables)} tables, {rows} rows"
        )
        if options["dry_run"]:
            return
        if not options["yes"] and options.get("interactive", True):
            answer = input("This replaces the whole database and media. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("nothing restored")
        try:
            backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(f"restore failed: {exc}") from None
        self.stdout.write("restored; run `beacon migrate` if this code is newer than the backup")
