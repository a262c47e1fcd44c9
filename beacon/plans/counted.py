"""Figures that Plans counts from other apps' records instead of asking for them in reports.

A training activity's targets ("2 training sessions", "40 trainees") are met by sessions that
the training app already records; an outreach activity's "6 events" by the events the outreach
app records. Asking officers to type the same numbers again invites mistakes. So an activity
marked ``counted_from_training`` ("counted from records") has its targets in the units below
counted from the hook of the app that records them:

=========  ==================  ==========================================
unit       app                 hook and key
=========  ==================  ==========================================
sessions   beacon.training     ``training.figures.training_figures`` sessions
trainees   beacon.training     ``training.figures.training_figures`` trainees
events     beacon.outreach     ``outreach.figures.period_figures`` events
=========  ==================  ==========================================

Plans must not depend on those apps' models: this module is the only place that names them,
and it imports a hook inside the function, so that plans loads (and its tests run) without
their tables being read until a count is actually needed. A new source is one line in each
table below, with a hook of the same shape: ``hook(agency_ids, start, end) -> dict[str, int]``
counting the agencies with their units, by the day the thing was held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from importlib import import_module

from django.apps import apps

# Target unit (``Unit`` value) -> (app, key of that app's hook). ``trainees`` are officers
# present on at least one day of a session held: the plan's "officers trained" counts who was
# trained, not who passed the assessment (a quality measure the training app reports itself).
# ``events`` are outreach events held, organised by or with these agencies.
COUNTED_UNITS: dict[str, tuple[str, str]] = {
    "sessions": ("beacon.training", "sessions"),
    "trainees": ("beacon.training", "trainees"),
    "events": ("beacon.outreach", "events"),
}

# App -> (module, function) of its figures hook.
HOOKS: dict[str, tuple[str, str]] = {
    "beacon.training": ("beacon.training.figures", "training_figures"),
    "beacon.outreach": ("beacon.outreach.figures", "period_figures"),
}


def training_window(start: date, deadline: date, today: date) -> tuple[date, date] | None:
    """The days whose records count: from the start to the deadline, but not after today.

    A session or an event counts once it has been held (the hooks count by the day it ended or
    started), so one planned later this year does not count before it is held.
    """
    end = min(deadline, today)
    return (start, end) if end >= start else None


def _hook(app: str) -> Callable[[set[int], date, date], dict[str, int]]:
    module, name = HOOKS[app]
    function: Callable[[set[int], date, date], dict[str, int]] = getattr(
        import_module(module), name
    )
    return function


def counted_figures(
    agency_ids: Iterable[int], start: date, end: date, units: Iterable[str]
) -> dict[str, int]:
    """Unit -> count for these agencies and their units; a unit of an app not installed is 0."""
    ids = set(agency_ids)
    by_app: dict[str, dict[str, int]] = {}
    counts: dict[str, int] = {}
    for unit in units:
        app, key = COUNTED_UNITS[unit]
        if not apps.is_installed(app):
            counts[unit] = 0
            continue
        if app not in by_app:
            by_app[app] = _hook(app)(ids, start, end)
        counts[unit] = by_app[app].get(key, 0)
    return counts
