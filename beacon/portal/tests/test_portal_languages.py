"""Every public page in every portal language carries no text of another language.

The interface default stays Vietnamese here (as in production, unlike the other tests), so a
string missing from a catalogue shows up as Vietnamese instead of passing as English.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from beacon.portal.tests.foreign_text import foreign_text

LANGUAGES = ["vi", "en", "fr", "zh", "ja", "ko", "ru"]
CITY = {"vi": "Hà Nội", "en": "Hanoi", "fr": "Hanoï", "zh": "河内", "ja": "ハノイ", "ko": "하노이",
        "ru": "Ханой"}  # fmt: skip
# Content written in each language: what the page shows besides its frame.
WORDS = {
    "vi": ("Làng gốm", "Gốm sứ bên sông", "Phố cổ"),
    "en": ("Pottery village", "Ceramics by the river", "Old quarter"),
    "fr": ("Village de potiers", "Céramique au bord du fleuve", "Vieux quartier"),
    "zh": ("陶瓷村", "河边的陶瓷", "老城区"),
    "ja": ("陶芸の村", "川辺の陶磁器", "旧市街"),
    "ko": ("도자기 마을", "강변의 도자기", "구시가지"),
    "ru": ("Гончарная деревня", "Керамика у реки", "Старый квартал"),
}
AGENCY_NAMES = {"en": "Hoan Kiem District", "fr": "District de Hoan Kiem"}


@dataclass
class Portal:
    pages: dict[str, dict[str, Any]]


@pytest.fixture
def portal(personas: Any, settings: Any, eager_tasks: None) -> Portal:
    """The portal in seven languages, each tree with one page of every public type."""
    from wagtail.models import Locale

    from beacon.core.models import CityNameForm, CityProfile
    from beacon.factbase.models import FactCheckIndexPage, FactCheckPage
    from beacon.factbase.setup import fact_check_index
    from beacon.newsletters.models import NewsletterList
    from beacon.portal.models import (
        DocumentLibraryPage,
        EventIndexPage,
        EventPage,
        GoverningDocumentPage,
        HomePage,
        NewsArticlePage,
        NewsIndexPage,
        StoryPage,
        ThemeIndexPage,
        ThemePage,
    )
    from beacon.portal.setup import do_set_up_portal

    settings.LANGUAGE_CODE = "vi"
    settings.BASE_URL = "http://testserver"
    profile = CityProfile.objects.get()
    profile.target_languages = [code for code in LANGUAGES if code != "vi"]
    profile.save()
    for language, form in CITY.items():
        CityNameForm.objects.create(profile=profile, language=language, form=form, is_official=True)
    personas.district.names = AGENCY_NAMES
    personas.district.save()
    do_set_up_portal()
    fact_check_index("vi")
    pages: dict[str, dict[str, Any]] = {}
    start = timezone.now() + datetime.timedelta(days=3)
    for language in LANGUAGES:
        locale = Locale.objects.get(language_code=language)
        home = HomePage.objects.get(locale=locale, depth=2)
        title, summary, place = WORDS[language]

        def add(parent_model: Any, page: Any, home: Any = home) -> Any:
            """Saved live at once: the publishing machinery is not what is tested here."""
            parent = parent_model.objects.child_of(home).get()
            return parent.add_child(instance=page)

        theme = add(ThemeIndexPage, ThemePage(title=f"{title} 1", slug="t", summary=summary))
        article = add(
            NewsIndexPage,
            NewsArticlePage(
                title=f"{title} 2", slug="a", summary=summary, body=f"<p>{summary}</p>",
                theme=theme, place=place, agency=personas.district,
                date=datetime.date(2026, 12, 4),
            ),
        )  # fmt: skip
        story = add(
            NewsIndexPage,
            StoryPage(
                title=f"{title} 3", slug="s", summary=summary, body=f"<p>{summary}</p>",
                place=place, agency=personas.district, date=datetime.date(2026, 12, 3),
            ),
        )  # fmt: skip
        event = add(EventIndexPage, EventPage(title=f"{title} 4", slug="e", start=start,
                                              venue=place))  # fmt: skip
        document = add(
            DocumentLibraryPage,
            GoverningDocumentPage(
                title=f"{title} 5", slug="d", number="25/2025", document_type="plan",
                issuing_body=place, signed_on=datetime.date(2025, 1, 20),
                effective_on=datetime.date(2025, 2, 1), status="in_force",
            ),
        )  # fmt: skip
        fact_check = add(
            FactCheckIndexPage,
            FactCheckPage(
                title=f"{title} 6", slug="f", summary=summary, claim_reviewed=summary,
                claim_outlet=place, claim_url="https://example.org/claim",
                claim_date=datetime.date(2026, 11, 30), verdict="false",
                explanation=f"<p>{summary}</p>",
            ),
        )  # fmt: skip
        NewsletterList.objects.create(
            agency=personas.lead, name=f"{title} 7", slug=f"list-{language}", language=language
        )
        pages[language] = {
            "home": home,
            "article": article,
            "story": story,
            "event": event,
            "theme": theme,
            "document": document,
            "fact check": fact_check,
            **{
                name: model.objects.child_of(home).get()
                for name, model in (
                    ("news index", NewsIndexPage),
                    ("event index", EventIndexPage),
                    ("theme index", ThemeIndexPage),
                    ("document library", DocumentLibraryPage),
                    ("fact-check index", FactCheckIndexPage),
                )
            },
        }
    return Portal(pages)


def _renders(portal: Portal, language: str) -> dict[str, str]:
    client = Client()
    renders = {}
    for name, page in portal.pages[language].items():
        response = client.get(page.url)
        assert response.status_code == 200, (language, name)
        renders[name] = response.content.decode()
    query = WORDS[language][0]
    extra = {
        "search": f"/{language}/search/?q={query}",
        "search without results": f"/{language}/search/?q=zzzz",
        "document library filtered": portal.pages[language]["document library"].url
        + "?status=replaced",
        "newsletters": f"/{language}/newsletters/",
        "newsletter mail check": f"/{language}/newsletters/check-your-mail/",
        "newsletter bad link": f"/{language}/newsletters/confirm/nope/",
        "RSS feed": f"/{language}/feeds/news.rss",
        "Atom feed": f"/{language}/feeds/news.atom",
    }
    for name, path in extra.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (language, name)
        renders[name] = response.content.decode()
    response = client.post(f"/{language}/newsletters/", {"email": "not an address"})
    assert response.status_code == 400
    renders["newsletter form errors"] = response.content.decode()
    return renders


def test_it_renders_every_public_page_in_the_readers_language_only(portal: Portal) -> None:
    # One test for all languages: building the seven trees is the slow part.
    problems = {
        (language, name): found
        for language in LANGUAGES
        for name, html in _renders(portal, language).items()
        if (found := foreign_text(html, language, tuple(AGENCY_NAMES.values())))
    }
    assert not problems


DATES = {
    "zh": "2026年12月4日", "ja": "2026年12月4日", "ko": "2026년 12월 4일",
    "ru": "4 декабря 2026 г.", "fr": "4 décembre 2026", "vi": "04 tháng 12 năm 2026",
}  # fmt: skip


def test_it_writes_dates_and_bylines_the_way_the_reader_reads_them(portal: Portal) -> None:
    client = Client()
    for language, date in DATES.items():
        html = client.get(portal.pages[language]["article"].url).content.decode()
        assert date in html, language
    for language in ("zh", "ja", "ko", "ru"):
        html = client.get(portal.pages[language]["article"].url).content.decode()
        assert "Hoan Kiem District" in html, language  # the agency has no name in these
        feed = client.get(f"/{language}/feeds/news.atom").content.decode()
        assert "<name>Hoan Kiem District</name>" in feed, language


def test_it_says_nothing_is_published_only_when_nothing_is(portal: Portal) -> None:
    from beacon.portal.models import ArticlePage

    client = Client()
    ArticlePage.objects.filter(locale__language_code="en", title__endswith="3").delete()
    html = client.get(portal.pages["en"]["home"].url).content.decode()
    assert "Pottery village 2" in html
    assert "Nothing published yet." not in html
    ArticlePage.objects.filter(locale__language_code="en").delete()
    assert "Nothing published yet." in client.get(portal.pages["en"]["home"].url).content.decode()
