from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from beacon.core.processes import preflight, web_command


class Command(BaseCommand):
    help = "Run the production web server (gunicorn) on BEACON_HOST:BEACON_PORT."

    def handle(self, *args: Any, **options: Any) -> None:
        preflight()
        command = web_command()
        os.execv(command[0], command)  # noqa: S606  (replaces this process with gunicorn)
