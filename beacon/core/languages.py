"""Language codes that a city can work in, named by Django's own language table."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Django names Chinese only by script (zh-hans, zh-hant); content and the press use plain "zh".
_EXTRA: dict[str, dict[str, str]] = {"zh": {"name": "Chinese", "name_local": "中文"}}
_INFO: dict[str, dict[str, Any]] = {**LANG_INFO, **_EXTRA}


@cache
def language_codes() -> frozenset[str]:
    return frozenset(code for code, info in _INFO.items() if "name" in info)


def language_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, f"{_INFO[code]['name_local']} ({code})") for code in language_codes()),
        key=lambda choice: choice[0],
    )


def language_name(code: str) -> str:
    info = _INFO.get(code, {})
    return str(info.get("name_local", code))


def validate_language(value: str) -> None:
    if value not in language_codes():
        raise ValidationError(_("%(value)s is not a known language code."), params={"value": value})


def validate_languages(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_('Give a list of language codes, e.g. ["en", "fr"].'))
    for code in value:
        validate_language(code)
    if len(set(value)) != len(value):
        raise ValidationError(_("A language is listed twice."))
