"""The portal's published sample pages, for the tests that walk every route (hostile input)."""

from __future__ import annotations

from beacon.portal.tests.fixtures import eager_tasks, newsroom, published  # noqa: F401
