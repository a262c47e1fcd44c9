"""Portal routes under each language prefix (feeds, search); sitemap and robots at the root."""

from __future__ import annotations

from django.urls import path

from beacon.portal import feeds, views

localised = [
    path("feeds/news.<str:fmt>", feeds.feed_view, name="portal_feed"),
    path("feeds/theme/<slug:slug>.<str:fmt>", feeds.feed_view, name="portal_theme_feed"),
    path("search/", views.search, name="portal_search"),
]

unprefixed = [
    path("sitemap.xml", views.sitemap, name="portal_sitemap"),
    path("robots.txt", views.robots, name="portal_robots"),
]
