from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from beacon.monitoring.demo_loader import poll_all
from beacon.monitoring.models import Source


class Command(BaseCommand):
    help = "Poll sources now, in this process: fetch, analyse and store what is new."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=int, action="append", help="Only this source id.")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = Source.objects.filter(is_active=True, paused_at__isnull=True)
        if options["source"]:
            sources = sources.filter(pk__in=options["source"])
        poll_all(self.stdout.write, sources)
