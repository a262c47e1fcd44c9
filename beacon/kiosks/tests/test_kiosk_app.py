"""The kiosk web app in headless Chromium against a real server on loopback.

The server is Django's WSGI handler on a thread that the test can stop, which is how the
network is cut: after a first load (the service worker has cached the shell and the playlist),
the server goes away and a reload must still show the last playlist, marked offline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import time
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.handlers.wsgi import WSGIHandler

from beacon.kiosks import actions, api
from beacon.kiosks.models import EmergencyNotice, PlaylistRule
from beacon.kiosks.tests.conftest import Fleet, deliver, make_message

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]  # fmt: skip

pytestmark = pytest.mark.browser


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server(transactional_db: Any) -> Iterator[dict[str, Any]]:
    """Beacon on 127.0.0.1 (a secure context: service workers run); ``stop()`` cuts it off."""
    httpd = make_server("127.0.0.1", 0, WSGIHandler(), server_class=_Server, handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state = {"url": f"http://127.0.0.1:{httpd.server_port}", "running": True}

    def stop() -> None:
        if state["running"]:
            httpd.shutdown()
            httpd.server_close()
            state["running"] = False

    state["stop"] = stop
    yield state
    stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def playing(fleet: Fleet) -> Fleet:
    """Two items in Vietnamese and English, three seconds a slide."""
    PlaylistRule.objects.filter(group=fleet.group_a).update(
        slide_seconds=3, starts_at=time(0), ends_at=time(0)
    )
    for key in ("hoi-cho", "visa"):
        deliver(fleet, make_message(key, "vi", title=f"Tiêu đề {key}"))
        deliver(fleet, make_message(key, "en", title=f"Title {key}"))
    api.forget_cached()
    return fleet


def _outside_the_browser_loop(action: Callable[[], Any]) -> None:
    """Run database work on a thread of its own: Playwright's loop owns this one."""
    thread = threading.Thread(target=action)
    thread.start()
    thread.join()


def _slide(page: Any) -> tuple[str, str]:
    slide = page.locator("#slide")
    return slide.get_attribute("data-key"), slide.get_attribute("data-language")


def _wait_for_cached_playlist(page: Any, *, with_emergency: bool = False) -> None:
    """Wait until the service worker holds a copy of the playlist (with the notice, if asked)."""
    check = (
        "() => caches.open('kiosk-data').then(c => c.match('/kiosk/api/playlist'))"
        ".then(r => r ? r.json() : null).then(p => Boolean(p && (!%s || p.emergency)))"
        % ("true" if with_emergency else "false")
    )
    for _attempt in range(60):
        if page.evaluate(check):
            return
        page.wait_for_timeout(500)
    raise AssertionError("the service worker never cached the playlist")


def test_it_plays_switches_language_takes_emergencies_and_survives_the_network(
    server: dict[str, Any], playing: Fleet, personas: Any, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server['url']}/kiosk/#token={playing.token_a}")
    page.wait_for_selector("#slide:not([hidden])")
    assert "token" not in page.url
    assert not context.cookies()
    first = _slide(page)
    assert first[1] == "vi"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("#slide-qr svg").count() == 1
    assert page.locator("#slide-title").inner_text().startswith("Tiêu đề")

    page.wait_for_function(f"document.querySelector('#slide').dataset.key !== '{first[0]}'")
    assert _slide(page) == ("visa" if first[0] == "hoi-cho" else "hoi-cho", "en")

    page.click("button[data-language=en]")
    assert _slide(page)[1] == "en"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#slide-title").inner_text().startswith("Title")
    assert page.locator("button[data-language=en]").get_attribute("aria-pressed") == "true"

    notice = EmergencyNotice(
        agency=personas.district,
        title={"vi": "Sơ tán nhà ga", "en": "Evacuate the terminal"},
        body={"vi": "Đi theo nhân viên.", "en": "Follow the staff."},
        severity="danger",
    )
    _outside_the_browser_loop(
        lambda: actions.do_issue_emergency_notice(
            notice, [playing.group_a], acting_user=personas.officer
        )
    )
    page.wait_for_selector("#emergency:not([hidden])", timeout=12_000)
    assert page.locator("#emergency-title").inner_text() in {
        "Sơ tán nhà ga",
        "Evacuate the terminal",
    }
    assert page.locator("#emergency").get_attribute("data-severity") == "danger"

    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
    _wait_for_cached_playlist(page, with_emergency=True)
    server["stop"]()
    page.reload()
    page.wait_for_selector("#emergency:not([hidden])", timeout=10_000)
    page.wait_for_selector("#offline:not([hidden])", timeout=10_000)
    assert page.locator("#emergency-title").inner_text() in {
        "Sơ tán nhà ga",
        "Evacuate the terminal",
    }
    assert page.locator("body").get_attribute("data-network") == "offline"
    context.close()


def test_it_keeps_playing_slides_offline_and_says_since_when(
    server: dict[str, Any], playing: Fleet, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    page.goto(f"{server['url']}/kiosk/#token={playing.token_a}")
    page.wait_for_selector("#slide:not([hidden])")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
    _wait_for_cached_playlist(page)
    server["stop"]()
    page.reload()
    page.wait_for_selector("#slide:not([hidden])", timeout=10_000)
    page.wait_for_selector("#offline:not([hidden])", timeout=10_000)
    assert page.locator("#offline").inner_text().startswith("Offline since")
    key = _slide(page)[0]
    assert key in {"hoi-cho", "visa"}
    page.wait_for_function(f"document.querySelector('#slide').dataset.key !== '{key}'")
    context.close()


def test_a_revoked_kiosk_shows_that_it_is_not_registered(
    server: dict[str, Any], playing: Fleet, browser: Any
) -> None:
    _outside_the_browser_loop(lambda: actions.do_revoke_token(playing.kiosk_a, acting_user=None))
    page = browser.new_page()
    page.goto(f"{server['url']}/kiosk/#token={playing.token_a}")
    page.wait_for_selector("#unregistered:not([hidden])")
    assert "not registered" in page.locator("#unregistered").inner_text()
    assert "revoked" in page.locator("#unregistered-detail").inner_text()
    assert page.locator("body").get_attribute("data-state") == "unregistered"
    page.close()


@pytest.mark.parametrize(
    ("orientation", "viewport"),
    [
        ("landscape", {"width": 1280, "height": 720}),
        ("landscape", {"width": 1920, "height": 1080}),
        ("portrait", {"width": 1080, "height": 1920}),
    ],
)
def test_it_keeps_the_qr_code_whole_on_screen_however_long_the_slide(
    server: dict[str, Any], fleet: Fleet, browser: Any, orientation: str, viewport: dict[str, int]
) -> None:
    long_text = " ".join(["Du khách quốc tế được miễn thị thực theo chính sách mới."] * 40)

    def set_up() -> None:
        fleet.kiosk_a.orientation = orientation
        actions.do_save_kiosk(fleet.kiosk_a, acting_user=None)
        deliver(fleet, make_message("long", "vi", title=long_text[:240], summary=long_text))
        api.forget_cached()

    _outside_the_browser_loop(set_up)
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{server['url']}/kiosk/#token={fleet.token_a}")
    page.wait_for_selector("#slide:not([hidden])")
    qr = page.locator("#slide-qr").bounding_box()
    bar = page.locator("#languages").bounding_box()
    assert qr is not None and bar is not None
    assert qr["width"] > 100 and qr["height"] > 100
    assert qr["x"] >= 0 and qr["x"] + qr["width"] <= viewport["width"]
    assert qr["y"] >= 0 and qr["y"] + qr["height"] <= bar["y"]  # above the language bar
