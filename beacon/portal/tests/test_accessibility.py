"""WCAG 2.2 AA: axe-core finds no serious or critical violation on the portal's main pages.

The pages are rendered by the real server (pytest-django's live server) in headless Chromium;
axe-core comes from npm (``npm install`` in the project root puts it in node_modules).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from beacon.lib.paths import BASE_DIR

AXE = Path(BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _violations(url: str, width: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update",
            ],
        )  # fmt: skip
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(url, wait_until="load")
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
            )
        finally:
            browser.close()
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
def test_it_passes_axe_on_home_article_and_document_library(
    transactional_db: Any, live_server: Any, published: Any
) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is missing: run `npm install` in the project root")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
    french = published.article.get_translations().get(locale__language_code="fr")
    paths = [
        ("/vi/", 1280),
        (french.url, 1280),
        (published.article.url, 390),
        (published.document.get_parent().url, 1280),
        (published.document.get_parent().url + "?status=in_force", 390),
        ("/fr/search/?q=poterie", 1280),
    ]
    for path, width in paths:
        found = _violations(live_server.url + path, width)
        assert not found, (path, [(v["id"], v["help"], len(v["nodes"])) for v in found])
