"""A database that refuses writes mid-request: a clear 503 page, and nothing half-written.

The database is made read-only under the running site (SQLite's ``query_only``, what a full
disk or a read-only failover looks like to a request): a login, which writes the session and
the last-login time, fails whole and says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from beacon.core.tests.factories import PASSWORD


@pytest.fixture
def read_only_database(db: Any) -> Iterator[None]:
    if connection.vendor != "sqlite":
        pytest.skip("made read-only with SQLite's query_only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = OFF")


def test_a_database_that_refuses_writes_gives_a_clear_503_and_saves_nothing(
    personas: Any, settings: Any, read_only_database: None
) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    answer = client.post(
        "/admin/login/", {"username": personas.officer.username, "password": PASSWORD}
    )
    assert answer.status_code == 503
    assert answer["Retry-After"] == "60"
    assert "Nothing you sent in this request was saved" in answer.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = OFF")
    personas.officer.refresh_from_db()
    assert personas.officer.last_login is None
    assert not Session.objects.exists()


def test_other_errors_keep_the_ordinary_error_page(db: Any, rf: Any) -> None:
    from beacon.core.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        answer = server_error(rf.get("/"))
    assert answer.status_code == 500
