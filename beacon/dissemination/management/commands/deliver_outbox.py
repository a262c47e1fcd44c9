from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from beacon.dissemination import outbox
from beacon.dissemination.models import Delivery, DeliveryStatus
from beacon.dissemination.tasks import worker_name


def _in_flight() -> bool:
    waiting = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.FAILED)
    return Delivery.objects.filter(status__in=waiting).exists()


class Command(BaseCommand):
    help = (
        "Deliver what is due in the outbox, in this process (without Celery): once, or while "
        "deliveries are still open for up to --wait seconds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--worker", default="", help="Name recorded on claims and attempts.")
        parser.add_argument("--batch", type=int, default=10, help="Deliveries claimed at once.")
        parser.add_argument(
            "--wait",
            type=float,
            default=0.0,
            help="Keep going while deliveries are queued, sending or failing, up to this long.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = options["worker"] or worker_name()
        deadline = time.monotonic() + options["wait"]
        done = outbox.work(worker, batch=options["batch"], budget_s=max(1.0, options["wait"]))
        while time.monotonic() < deadline and _in_flight():
            time.sleep(0.2)
            done += outbox.work(worker, batch=options["batch"], budget_s=1.0)
        self.stdout.write(f"{done} deliveries attempted by {worker}.")
