"""Find text of another language in a public page rendered in one language.

Three rules, each catching what the others cannot:
- a string of our catalogues shown as its English msgid or another language's msgstr, where the
  page's own language has a different translation (an untranslated or wrongly chosen string);
- Vietnamese letters (ă, đ, ơ, ư and the tone-marked vowels) on a page in any other language
  (a string that fell back to the source language, Django's own strings included);
- on a page in Chinese, Japanese, Korean or Russian, two Latin words in a row (an English string
  that is in no catalogue of ours: Django's, or one that never went through gettext).
The checked text is what a reader sees or hears: text nodes and the labels of attributes.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LABEL_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
VIETNAMESE_LETTERS = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
LATIN_WORDS = re.compile(r"[A-Za-z]{2,}[,.:;]?\s+[A-Za-z]{2,}")
NON_LATIN_LANGUAGES = {"zh", "ja", "ko", "ru"}
# Names that stay in Latin script in every language (feed formats).
LATIN_NAMES = ("JSON Feed",)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")


class _Text(HTMLParser):
    """Visible text, leaving out scripts, styles and elements marked as another language."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.chunks: list[str] = []
        self._skip = 0
        self._other: tuple[str, int] | None = None  # (tag, nesting) of a lang="xx" element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if self._other is not None:
            if tag == self._other[0]:
                self._other = (tag, self._other[1] + 1)
            return
        lang = dict(attrs).get("lang")
        if lang and lang.split("-")[0] != self.language and tag != "html":
            self._other = (tag, 1)
            return
        button = tag == "input" and dict(attrs).get("type") in ("submit", "button", "reset")
        for name, value in attrs:
            if value and (name in LABEL_ATTRIBUTES or (button and name == "value")):
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if self._other is not None and tag == self._other[0]:
            self._other = (tag, self._other[1] - 1) if self._other[1] > 1 else None

    def handle_data(self, data: str) -> None:
        if not self._skip and self._other is None and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str, language: str) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    return parser.chunks


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid → msgstr of our catalogue in a language (the msgid itself for English)."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(po)) if entry.msgstr}


def catalogue_languages() -> list[str]:
    return sorted(path.name for path in LOCALE_DIR.iterdir() if path.is_dir())


def _fixed_part(text: str) -> str:
    """The longest piece of a message without placeholders: what any rendering of it contains."""
    return max(PLACEHOLDER.split(text), key=len).strip()


@cache
def foreign_strings(language: str) -> frozenset[str]:
    """Catalogue strings that a page in this language must not show."""
    own = catalogue(language) if language != "en" else {}
    found: set[str] = set()
    for other in ["en", *catalogue_languages()]:
        if other == language:
            continue
        entries = catalogue(other) if other != "en" else {m: m for m in catalogue("vi")}
        for msgid, text in entries.items():
            if own.get(msgid, msgid if language == "en" else None) == text:
                continue
            fixed = _fixed_part(text)
            if len(fixed) >= 4 and re.search(r"\w", fixed):
                found.add(fixed)
    return frozenset(found)


def foreign_text(html: str, language: str, content: tuple[str, ...] = ()) -> list[str]:
    """Every piece of the page's visible text that is in another language, with the rule.

    ``content`` lists what the page shows as it was entered, in whatever language (a person's
    name, a course title, an agency's English name): left out of the check.
    """
    problems = []
    foreign = foreign_strings(language)
    for chunk in visible_text(html, language):
        for name in (*LATIN_NAMES, *content):
            chunk = chunk.replace(name, "").strip()
        if not chunk:
            continue
        if chunk in foreign:
            problems.append(f"catalogue string of another language: {chunk!r}")
        elif any(len(text) >= 12 and text in chunk for text in foreign):
            problems.append(f"contains a catalogue string of another language: {chunk!r}")
        if language != "vi" and VIETNAMESE_LETTERS.search(chunk):
            problems.append(f"Vietnamese letters: {chunk!r}")
        if language in NON_LATIN_LANGUAGES and LATIN_WORDS.search(chunk):
            problems.append(f"Latin words: {chunk!r}")
    return problems
