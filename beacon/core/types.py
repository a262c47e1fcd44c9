"""Types shared by every app, named once.

``UserLike`` is whoever a request or a task acts for: a signed-in user or the anonymous one.
It is a name for type checkers only (import it under ``TYPE_CHECKING``): the auth models cannot
be imported before Django's apps are ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    UserLike: TypeAlias = User | AnonymousUser
