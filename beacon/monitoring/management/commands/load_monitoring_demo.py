from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.monitoring.demo_loader import load_monitoring_demo


class Command(BaseCommand):
    help = "Load the demo monitor (sources served from the package, places, rules) and poll once."

    def handle(self, *args: Any, **options: Any) -> None:
        load_monitoring_demo(report=self.stdout.write)
