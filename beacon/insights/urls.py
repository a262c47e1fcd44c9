"""Public routes of the insights app: the transparency page (per language) and the JSON API."""

from __future__ import annotations

from django.urls import path

from beacon.insights import views
from beacon.insights.api import api

localised = [path("transparency/", views.transparency, name="insights_transparency")]
unprefixed = [path("api/insights/", api.urls)]
