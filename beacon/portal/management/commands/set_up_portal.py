from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from beacon.portal.setup import do_set_up_portal


class Command(BaseCommand):
    help = (
        "Set up the public portal: a locale and a home page tree per working language, the "
        "publication workflow and the page permissions of each role. Keeps what is there."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tree = do_set_up_portal()
        translations = tree.home.get_translations().count()
        self.stdout.write(
            f"Portal home: {tree.home.title} (+{translations} languages); "
            f"sections: {', '.join(page.title for page in tree.sections.values())}"
        )
