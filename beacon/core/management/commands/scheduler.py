from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from beacon.core.processes import preflight, scheduler_command


class Command(BaseCommand):
    help = "Run the Celery beat scheduler that starts Beacon's periodic jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        preflight()
        command = scheduler_command()
        os.execv(command[0], command)  # noqa: S606  (replaces this process with beat)
