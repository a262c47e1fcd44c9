from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.training.demo import load_training_demo


class Command(BaseCommand):
    help = (
        "Load the demo 2025 training programme (courses, officers, sessions, results, "
        "certificates) for the demo agencies present. Keeps what is there."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_training_demo()
        self.stdout.write(
            f"Training: {counts['sessions']} sessions, {counts['officers']} officers, "
            f"{counts['certificates']} certificates"
        )
