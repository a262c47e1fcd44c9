from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.core.city import get_city_profile
from beacon.factbase.setup import fact_check_index, fact_workflow


class Command(BaseCommand):
    help = "Create the facts' approval workflow and the portal's fact-check section (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        fact_workflow()
        profile = get_city_profile()
        section = fact_check_index(profile.source_language if profile else "vi")
        self.stdout.write(f"fact workflow ready; fact checks at {section.url_path}")
