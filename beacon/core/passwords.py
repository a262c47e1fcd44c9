"""A password rule on top of Django's length, similarity and common-password checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


class CharacterVarietyValidator:
    """Refuse passwords made of fewer than three kinds of character.

    Length does most of the work (see the minimum-length rule); this stops the long-but-trivial
    "aaaaaaaaaaaa" and "hanoihanoihanoi" that the common-password list does not know.
    """

    def __init__(self, min_kinds: int = 3) -> None:
        self.min_kinds = min_kinds

    def validate(self, password: str, user: Any = None) -> None:
        kinds = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(kinds) < self.min_kinds or len(set(password)) < 6:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least three of: lower-case letters, upper-case letters, "
            "digits and symbols, and use at least six different characters."
        )


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The user name django-axes counts failed logins under, cut to what its table holds.

    A login form posted with a name of thousands of characters (or a NUL) would otherwise make
    the failure record itself fail on PostgreSQL: a 500 instead of "wrong name or password".
    """
    source = credentials if credentials else request.POST
    name = str(source.get("username") or "")
    return name.replace("\x00", "")[:255]
