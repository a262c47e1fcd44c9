"""Figures that Plans counts from training records instead of asking for them in reports.

A training activity's targets ("2 training sessions", "40 trainees") are met by sessions that
the training app already records; asking officers to type the same numbers again invites
mistakes. So an activity marked ``counted_from_training`` has its targets in the units below
counted from ``beacon.training.figures.training_figures``, the one hook the training app offers.

Plans must not depend on training's models: this module is the only place that names the
training app, and it imports the hook inside the function, so that plans loads (and its tests
run) without the training tables being read until a count is actually needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.apps import apps

# Target unit (``Unit`` value) -> key of ``training_figures``. ``trainees`` are officers present
# on at least one day of a session held: the plan's "officers trained" counts who was trained,
# not who passed the assessment (that is a quality measure the training app reports itself).
COUNTED_UNITS: dict[str, str] = {"sessions": "sessions", "trainees": "trainees"}


def training_window(start: date, deadline: date, today: date) -> tuple[date, date] | None:
    """The days whose sessions count: from the start to the deadline, but not after today.

    A session counts once it has ended (``training_figures`` counts by end date), so a session
    still running, or one planned later this year, does not count before it is held.
    """
    end = min(deadline, today)
    return (start, end) if end >= start else None


def training_figures(agency_ids: Iterable[int], start: date, end: date) -> dict[str, int]:
    """The training app's figures for these agencies and their units; empty without the app."""
    if not apps.is_installed("beacon.training"):
        return {}
    from beacon.training.figures import training_figures as hook

    return hook(set(agency_ids), start, end, include_units=True)
