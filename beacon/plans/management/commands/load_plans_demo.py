from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from beacon.plans.demo import load_plans_demo


class Command(BaseCommand):
    help = (
        "Load the demo plan (Hanoi's lines of external-information work, with reports) for the "
        "demo agencies that exist. Keeps what is there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="Year to place the plan in (default: the current year)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        load_plans_demo(options["year"], report=self.stdout.write)
