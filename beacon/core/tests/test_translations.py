"""The interface ships in Vietnamese, English and French: catalogues complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_it_has_every_string_translated_with_its_placeholders(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags or not all(translations):
            problems.append(f"untranslated: {entry.msgid!r}")
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations:
            if text and sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    assert problems == []


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_it_ships_compiled_catalogues_in_step_with_the_sources(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    source = {e.msgid for e in polib.pofile(str(folder / "django.po")) if not e.obsolete}
    compiled = {e.msgid for e in polib.mofile(str(folder / "django.mo"))}
    assert source - compiled == set(), "run `make messages` to recompile"


def test_it_speaks_the_users_language() -> None:
    with translation.override("vi"):
        assert str(translation.gettext("Agencies")) != "Agencies"
    with translation.override("fr"):
        assert str(translation.gettext("Two-step login")) == "Connexion en deux étapes"
