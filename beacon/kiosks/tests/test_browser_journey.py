"""The traveller at Nội Bài T2 (JOURNEYS.md): a newly published article reaches the kiosk's loop."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from beacon.core.tests.journeys import Journey
from beacon.dissemination.demo import load_dissemination_demo
from beacon.dissemination.publishing import item_key_for
from beacon.kiosks import actions
from beacon.kiosks.demo import load_kiosks_demo
from beacon.kiosks.models import Kiosk, PlaylistRule
from beacon.portal.demo_loader import Translators, publish_translated
from beacon.portal.models import NewsArticlePage
from beacon.portal.setup import do_set_up_portal
from beacon.translation.actions import ensure_translator_profile

pytestmark = pytest.mark.browser

TITLE = "Phố đi bộ hồ Hoàn Kiếm mở thêm tối thứ Năm"
TEXTS = {
    "en": {
        TITLE: "Hoan Kiem Lake walking street opens on Thursday evenings too",
        "Thêm một tối đi bộ quanh hồ.": "One more evening to walk around the lake.",
        "pho-di-bo": "walking-street",
    },
    "fr": {
        TITLE: "La rue piétonne du lac Hoan Kiem ouvre aussi le jeudi soir",
        "Thêm một tối đi bộ quanh hồ.": "Une soirée de plus pour flâner autour du lac.",
        "pho-di-bo": "rue-pietonne",
    },
}


def test_it_shows_a_newly_published_article_on_the_arrivals_kiosk(journey: Journey) -> None:
    tree = do_set_up_portal()
    load_kiosks_demo()
    load_dissemination_demo()
    kiosk = Kiosk.objects.get(name="T2-ARR-01")
    token = actions.do_issue_token(kiosk, acting_user=None)
    # Three seconds a slide instead of twelve, so that the loop comes round quickly.
    PlaylistRule.objects.filter(group=kiosk.group).update(slide_seconds=3)

    users = get_user_model()._default_manager
    pierre, lan = users.get(username="pierre"), users.get(username="lan")
    ensure_translator_profile(pierre, ["fr"])
    article = NewsArticlePage(
        title=TITLE,
        slug="pho-di-bo",
        summary="Thêm một tối đi bộ quanh hồ.",
        body="<p>Thêm một tối đi bộ quanh hồ.</p>",
    )
    people = Translators(editor=users.get(username="hoa"), by_language={"fr": pierre, "en": lan})
    publish_translated(tree.sections["news"], article, TEXTS, ["en", "fr"], people)
    assert article.live

    screen = journey.new_page(locale="en-GB")
    journey.goto(f"/kiosk/#token={token}", screen)
    screen.wait_for_function(
        "key => document.getElementById('slide').dataset.key === key",
        arg=item_key_for(article),
        timeout=60_000,
    )
    shown = screen.locator("#slide-title").inner_text()
    assert shown in {TITLE, TEXTS["en"][TITLE]}
    assert screen.locator("#slide-qr svg, #slide-qr img, #slide-qr canvas").count() == 1
    # The slide fades in: the screenshot waits until the article is fully shown.
    screen.wait_for_function(
        "key => { const slide = document.getElementById('slide'); return slide.dataset.key === key"
        " && slide.getAnimations({subtree: true}).every(a => a.playState === 'finished'); }",
        arg=item_key_for(article),
        timeout=60_000,
    )
    journey.screenshot("journey-kiosk", screen)
