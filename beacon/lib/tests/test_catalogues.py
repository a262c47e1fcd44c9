"""The Vietnamese and French catalogues: everything translated, ambiguous words in context.

Issue 19: the page list's Title column read "Tên khóa học" (course name), because training and
pages shared the msgid "Title"; relative times read "6 minutes trước", because Django's
timesince strings had no Vietnamese.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.timesince import timesince

LOCALE = Path(__file__).resolve().parents[2] / "locale"

AMBIGUOUS = {
    # English words that name different things in different apps: a course's name or a page's
    # title, a news outlet or a source text, a reporting period or a time span, an article's
    # lead paragraph or the lead agency, and so on. Each app that uses one gives it a context.
    # (The field name "title" reads "tiêu đề" / "titre" for every model, a course's included.)
    "Title",
    "Source",
    "Period",
    "lead",
}


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _apps(entry: polib.POEntry) -> set[str]:
    return {path.split("/", 1)[0] for path, _line in entry.occurrences}


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_it_has_every_msgid_translated_and_none_fuzzy(language: str) -> None:
    missing = [
        entry.msgid
        for entry in _catalogue(language)
        if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_it_gives_ambiguous_words_a_context_when_two_apps_use_them(language: str) -> None:
    shared = {
        entry.msgid: sorted(_apps(entry))
        for entry in _catalogue(language)
        if not entry.obsolete
        and entry.msgctxt is None
        and entry.msgid in AMBIGUOUS
        and len(_apps(entry)) > 1
    }
    assert shared == {}


def test_it_reads_the_title_column_of_pages_and_courses_apart() -> None:
    with translation.override("vi"):
        page_title = translation.gettext("Title")
        course_title = translation.pgettext("course", "Title")
    assert page_title == "Tiêu đề"
    assert course_title == "Tên khóa học"


def test_it_says_relative_times_in_vietnamese() -> None:
    import datetime

    now = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    with translation.override("vi"):
        six_minutes = timesince(now - datetime.timedelta(minutes=6), now)
        two_days = timesince(now - datetime.timedelta(days=2, hours=3), now)
    assert six_minutes == "6\xa0phút"
    assert two_days.startswith("2\xa0ngày")
