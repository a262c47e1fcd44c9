from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.demo import load_demo
from beacon.lib.env import envstr

DEFAULT_PASSWORD = "Beacon-Demo-2025"  # noqa: S105  (a demo password, printed on purpose)


class Command(BaseCommand):
    help = "Load the demo city (Hanoi): profile, agencies, one user per role. Keeps what is there."

    def handle(self, *args: Any, **options: Any) -> None:
        password = envstr("BEACON_DEMO_PASSWORD", DEFAULT_PASSWORD)
        accounts = load_demo(password, report=self.stdout.write)
        self.stdout.write(f"\nDemo accounts (password for new accounts: {password}):")
        for account in accounts:
            note = "" if account.created else "  (existing: password unchanged)"
            self.stdout.write(f"  {account.username:<8} {', '.join(account.roles)}{note}")
