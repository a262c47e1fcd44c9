from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from beacon.core.processes import (
    bind_address,
    preflight,
    run_together,
    scheduler_command,
    web_command,
    worker_command,
)


def start_message(address: str) -> str:
    """Where to go once it runs: the office's admin and the public portal."""
    return (
        f"\nBeacon is starting (Ctrl-C stops it):\n"
        f"  admin   http://{address}/admin/\n"
        f"  portal  http://{address}/\n"
    )


class Command(BaseCommand):
    help = (
        "Set up Beacon with the demo city (migrate, load the demo; keeps what is there) and run "
        "the web server, a worker and the scheduler together until Ctrl-C."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--setup-only", action="store_true", help="Migrate and load the demo, then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        preflight()
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", stdout=self.stdout)
        if options["setup_only"]:
            return
        self.stdout.write(self.style.SUCCESS(start_message(bind_address())))
        code = run_together(
            {
                "web server": web_command(),
                "worker": worker_command(),
                "scheduler": scheduler_command(),
            },
            out=self.stdout,
        )
        if code:
            raise SystemExit(code)
