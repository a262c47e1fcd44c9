"""The publishing flow: what a publish sets off, in order, in one place.

Wagtail sends ``page_published`` right after it saved a live page: from the editor's "Publish"
button, from the last approval of a workflow (inside Wagtail's transaction, so the steps commit
with the page), and from ``publish_scheduled`` (the Celery beat job) for a go-live date. This
module holds the only receiver; each step is a public function of the app that owns it:

1. portal cache: the public pages' cache generation moves on (``portal.cache``);
2. translations: a page in the source language publishes its approved, current translations
   (``translation.actions``); each of those publishes sends ``page_published`` again and runs
   this same flow for its language, so its deliveries and posts are written before the source's;
3. outbox: one delivery per targeted channel and language (``dissemination.publishing``);
   the adapters send them later from the worker, and the beat sweep ``publishing.reconcile``
   enqueues a publication whose deliveries were never written;
4. social: a draft post per social channel carrying the language (``social.actions``);
5. fact base: a fact check's first publication records the time its response took
   (``factbase.actions``).

Unpublishing withdraws the translations and sends a withdrawal to every channel that holds the
page. An alias (a page copied with "keep in sync") is republished with its original; it is
neither syndicated nor posted on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from beacon.dissemination import publishing as outbox_publishing
from beacon.factbase.actions import record_publication
from beacon.factbase.models import FactCheckPage
from beacon.portal.cache import bump_generation
from beacon.social.actions import suggest_posts
from beacon.translation.actions import (
    is_source_page,
    publish_approved_translations,
    unpublish_translations,
)


@dataclass(frozen=True)
class Publication:
    """One page going live or being withdrawn: the specific page, who did it, and whether it is
    an alias republished along with its original."""

    page: Any
    user: Any = None
    alias: bool = False

    @property
    def syndicated(self) -> bool:
        return not self.alias and outbox_publishing.is_syndicated(self.page)


Step = Callable[[Publication], object]


def refresh_portal_cache(publication: Publication) -> None:
    bump_generation()


def publish_translations(publication: Publication) -> None:
    if is_source_page(publication.page):
        publish_approved_translations(publication.page, user=publication.user)


def fan_out_to_outbox(publication: Publication) -> None:
    if publication.syndicated:
        outbox_publishing.on_published(publication.page)


def suggest_social_posts(publication: Publication) -> None:
    if publication.syndicated:
        suggest_posts(publication.page)


def record_fact_check_publication(publication: Publication) -> None:
    if isinstance(publication.page, FactCheckPage):
        record_publication(publication.page)


def withdraw_translations(publication: Publication) -> None:
    if is_source_page(publication.page):
        unpublish_translations(publication.page)


def withdraw_from_outbox(publication: Publication) -> None:
    # An alias's unpublish is its own: the original may still be live elsewhere.
    if outbox_publishing.is_syndicated(publication.page):
        outbox_publishing.on_unpublished(publication.page)


PUBLISH_STEPS: list[tuple[str, Step]] = [
    ("portal cache", refresh_portal_cache),
    ("translations", publish_translations),
    ("outbox", fan_out_to_outbox),
    ("social", suggest_social_posts),
    ("fact base", record_fact_check_publication),
]

UNPUBLISH_STEPS: list[tuple[str, Step]] = [
    ("portal cache", refresh_portal_cache),
    ("translations", withdraw_translations),
    ("outbox", withdraw_from_outbox),
]


def run(steps: list[tuple[str, Step]], publication: Publication) -> None:
    for _name, step in steps:
        step(publication)


def on_page_published(sender: Any, instance: Page, revision: Any = None, **kwargs: Any) -> None:
    user = getattr(revision, "user", None)
    run(PUBLISH_STEPS, Publication(instance, user, alias=bool(kwargs.get("alias"))))


def on_page_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    run(UNPUBLISH_STEPS, Publication(instance))


def connect() -> None:
    """Called once from ``beacon.apps``; the dispatch ids make a second call harmless."""
    page_published.connect(on_page_published, dispatch_uid="beacon-publishing-published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="beacon-publishing-unpublished")
