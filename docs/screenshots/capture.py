"""Take the README's screenshots from a running Beacon (`make demo` in another terminal).

    .venv/bin/python docs/screenshots/capture.py [--base http://127.0.0.1:8000]

Uses Debian's Chromium through Playwright; each page is logged in as the demo user it shows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).parent
PASSWORD = "Beacon-Demo-2025"  # noqa: S105  (the demo password)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{base}/admin/login/")
        page.screenshot(path=HERE / "login.png")
        login(page, base, "lan")
        page.screenshot(path=HERE / "dashboard-coordinator.png")
        page.goto(f"{base}/admin/agencies/")
        page.screenshot(path=HERE / "agencies-tree.png")
        page.goto(f"{base}/admin/deliveries/")
        page.screenshot(path=HERE / "delivery-board.png", full_page=True)
        context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        page = context.new_page()
        login(page, base, "minh")
        page.screenshot(path=HERE / "dashboard-officer.png")
        context.close()
        _portal(browser, base)
        browser.close()


def _portal(browser: Browser, base: str) -> None:
    """The public portal as a reader sees it: no login, no cookie."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/vi/")
    page.screenshot(path=HERE / "portal-home.png", full_page=True)
    article = page.locator("main a[href*='/tin-tuc/']").first.get_attribute("href") or ""
    page.goto(base + article)
    page.screenshot(path=HERE / "article-vi.png")
    french = page.locator("link[rel=alternate][hreflang=fr]").get_attribute("href") or ""
    page.goto(french if french.startswith("http") else base + french)
    page.screenshot(path=HERE / "article-fr.png")
    page.goto(f"{base}/vi/van-ban/")
    page.screenshot(path=HERE / "document-library.png")
    context.close()


if __name__ == "__main__":
    main()
