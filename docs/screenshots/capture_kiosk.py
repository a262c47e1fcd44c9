"""Take the kiosk screenshots from a running Beacon with the demo loaded.

    BEACON_VAR_DIR=… .venv/bin/python docs/screenshots/capture_kiosk.py [--base URL]

Runs beside the server on the same database: it issues a fresh token to the demo kiosk
T2-ARR-01 (the demo's tokens were shown to nobody), shows the kiosk app full screen in
Chromium (1920x1080) in Vietnamese and English, then issues an emergency notice to the T2
arrivals group, waits for the screen to take it, and withdraws it again.
"""

from __future__ import annotations

import argparse
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

HERE = Path(__file__).parent
# A slide may have no picture (entry information): wait for its image only when it has one.
IMAGE_READY = (
    "(() => { const i = document.querySelector('#slide-image');"
    " return !i || !i.getAttribute('src') || i.complete; })()"
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # fmt: skip


def _in_thread(action: Callable[[], Any]) -> None:
    """Database work off Playwright's event loop thread."""
    thread = threading.Thread(target=action)
    thread.start()
    thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beacon.settings")
    django.setup()
    from playwright.sync_api import sync_playwright

    from beacon.kiosks import actions
    from beacon.kiosks.models import EmergencyNotice, Kiosk

    kiosk = Kiosk.objects.select_related("group__agency").get(name="T2-ARR-01")
    token = actions.do_issue_token(kiosk, acting_user=None)
    notice = EmergencyNotice(
        agency=kiosk.group.agency,
        severity="danger",
        title={
            "vi": "Khu vực băng chuyền 3 tạm đóng",
            "en": "Baggage belt 3 area temporarily closed",
            "zh": "3号行李转盘区域暂时关闭",
            "ko": "3번 수하물 벨트 구역 임시 폐쇄",
        },
        body={
            "vi": "Vui lòng nhận hành lý tại băng chuyền 5 và làm theo hướng dẫn của nhân viên.",
            "en": "Please collect your baggage at belt 5 and follow the staff's instructions.",
        },
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.emulate_media(reduced_motion="reduce")
        page.goto(f"{base}/kiosk/#token={token}")
        page.wait_for_selector("#slide:not([hidden])")
        page.wait_for_function(IMAGE_READY)
        page.screenshot(path=HERE / "kiosk-vi.png")
        page.click("button[data-language=en]")
        page.wait_for_function(IMAGE_READY)
        page.screenshot(path=HERE / "kiosk-en.png")
        _in_thread(
            lambda: actions.do_issue_emergency_notice(notice, [kiosk.group], acting_user=None)
        )
        page.wait_for_selector("#emergency:not([hidden])", timeout=20_000)
        page.screenshot(path=HERE / "kiosk-emergency.png")
        _in_thread(lambda: actions.do_withdraw_emergency_notice(notice, acting_user=None))
        browser.close()


if __name__ == "__main__":
    main()
