"""What every journey test shares: the demo city, a frozen clock, headless Chromium, logging in.

The journeys of JOURNEYS.md run against pytest-django's live server (real HTTP over loopback)
in Debian's Chromium, with the admin in Vietnamese. Data comes from the same loaders as
`make demo`, only the parts a journey needs. The clock is frozen on a Monday morning of the
demo plan's year (ticking, so that the order of events stays real), so the tests pass on any
date. With ``BEACON_SCREENSHOTS=<folder>`` set, each journey saves its last screen there.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from beacon.celery import app as celery_app
from beacon.core.city import forget_city_profile

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]  # fmt: skip
PASSWORD = "Journey-Demo-2025"  # the demo accounts' password in these tests
# Monday 10 November 2025, 9:00 in Hanoi: October's reports are due, some districts are late.
MONDAY = datetime.datetime(2025, 11, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
VIEWPORT = {"width": 1280, "height": 800}
# Playwright waits this long (ms) for a condition before failing: a loaded machine is slow.
PATIENCE = 20_000


@dataclass
class Journey:
    """One browser session against the live server, for one journey."""

    url: str
    browser: Any
    page: Any
    tmp_path: Path
    clock: time_machine.Traveller

    @contextmanager
    def as_of(self, day: datetime.date) -> Iterator[None]:
        """Run a block on another day (at 9:00 in Hanoi), then come back to the journey's day."""
        now = datetime.datetime.now(tz=MONDAY.tzinfo)
        self.clock.move_to(datetime.datetime.combine(day, MONDAY.timetz()))
        try:
            yield
        finally:
            self.clock.move_to(now)

    def new_page(self, locale: str = "vi-VN") -> Any:
        """A page in a fresh context: another person, with cookies and languages of their own."""
        context = self.browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale=locale)
        context.set_default_timeout(PATIENCE)
        return context.new_page()

    def goto(self, path: str, page: Any = None) -> Any:
        page = page or self.page
        page.goto(self.url + path)
        return page

    def login(self, username: str, page: Any = None) -> Any:
        """Log in through the admin's form and make sure the admin speaks Vietnamese."""
        page = page or self.page
        page.goto(f"{self.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/admin/(?!login)"))
        if page.locator("html").get_attribute("lang") != "vi":
            use_vietnamese_admin(page, self.url)
        return page

    def logout(self, page: Any = None) -> None:
        page = page or self.page
        page.context.clear_cookies()

    def screenshot(self, name: str, page: Any = None) -> None:
        """Save the screen as <name>.png when BEACON_SCREENSHOTS names a folder."""
        folder = os.environ.get("BEACON_SCREENSHOTS")
        if not folder:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        (page or self.page).screenshot(path=str(Path(folder) / f"{name}.png"))


def use_vietnamese_admin(page: Any, url: str) -> None:
    """Set the admin's language to Vietnamese in the account's preferences, as a user would."""
    page.goto(f"{url}/admin/account/")
    page.select_option("select[name='locale-preferred_language']", "vi")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_function("document.documentElement.lang === 'vi'")


def load_people() -> None:
    """The demo city, its agencies and its people (every journey needs them)."""
    from beacon.core.demo import hanoi
    from beacon.core.demo_loader import load_agencies, load_city, load_users

    load_city(hanoi.CITY)
    load_agencies(hanoi.AGENCIES)
    load_users(hanoi.USERS, PASSWORD)


@pytest.fixture
def frozen_clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MONDAY, tick=True) as traveller:
        yield traveller


@pytest.fixture
def journey(
    transactional_db: Any,
    live_server: Any,
    frozen_clock: time_machine.Traveller,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Journey]:
    """The demo's people, a live server and a Chromium page of 1280 by 800, admin in Vietnamese."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop on this thread; the test's own database work
    # between browser steps is still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BASE_URL = live_server.url
    # The database is emptied after each journey: nothing cached may outlive it.
    cache.clear()
    forget_city_profile()
    load_people()
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # tasks run on the server's thread, as a worker would
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            journey = Journey(live_server.url, browser, None, tmp_path, frozen_clock)
            journey.page = journey.new_page()
            yield journey
        finally:
            browser.close()
            celery_app.conf.task_always_eager = previous
            cache.clear()
            forget_city_profile()
