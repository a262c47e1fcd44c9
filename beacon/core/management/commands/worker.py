from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from beacon.core.processes import preflight, worker_command


class Command(BaseCommand):
    help = "Run a Celery worker for Beacon's background jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        preflight()
        command = worker_command()
        os.execv(command[0], command)  # noqa: S606  (replaces this process with the worker)
