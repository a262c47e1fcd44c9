"""WCAG 2.2 AA: axe-core finds no serious or critical violation on the newsletter pages,
including the subscribe form showing its errors, at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from beacon.newsletters import tokens
from beacon.newsletters.tests.conftest import Lists, subscribe
from beacon.portal.tests.test_accessibility import AXE, CHROMIUM, TAGS


def _serious(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.browser
def test_it_passes_axe_on_the_newsletter_pages(
    transactional_db: Any, live_server: Any, published: Any, lists: Lists
) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is missing: run `npm install` in the project root")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
    from playwright.sync_api import sync_playwright

    reader = subscribe(lists.fr, "lecteur@example.org")
    paths = [
        "/fr/newsletters/",
        "/fr/newsletters/check-your-mail/",
        f"/fr/newsletters/confirm/{tokens.confirm_token(reader)}/",
        f"/fr/newsletters/unsubscribe/{tokens.unsubscribe_token(reader)}/",
        "/fr/newsletters/unsubscribe/1-forged/",
        "/vi/newsletters/",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update",
            ],
        )  # fmt: skip
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for path in paths:
                    page.goto(live_server.url + path, wait_until="load")
                    found = _serious(page)
                    assert not found, (path, width, [(v["id"], v["help"]) for v in found])
                page.goto(live_server.url + "/fr/newsletters/", wait_until="load")
                page.fill("input[type=email]", "pas une adresse")
                page.click("button[type=submit].button")
                page.wait_for_load_state("load")
                assert "aria-invalid" in page.content()
                found = _serious(page)
                assert not found, ("form errors", width, [(v["id"], v["help"]) for v in found])
                assert not page.context.cookies()
                page.close()
        finally:
            browser.close()
