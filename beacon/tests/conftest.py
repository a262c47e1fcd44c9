"""Fixtures of the project-wide tests: the newsroom of the portal's tests."""

from __future__ import annotations

from beacon.portal.tests.fixtures import eager_tasks, newsroom  # noqa: F401
