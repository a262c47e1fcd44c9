"""Wagtail's publish and unpublish signals feed the outbox.

Wagtail sends them right after it saved the page. Inside a workflow's approval (Wagtail's
``Task.on_action`` is atomic) or any caller's transaction, the deliveries commit with the page.
From the editor's "Publish" button Wagtail runs without a transaction: the page is saved, then
the deliveries are written at once, in the same request; a process killed between those two
writes would leave that publication without deliveries until the beat sweep
(``publishing.reconcile``, every five minutes) enqueues it.
"""

from __future__ import annotations

from typing import Any

from wagtail.signals import page_published, page_unpublished

from beacon.dissemination import publishing


def _published(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("alias") or not publishing.is_syndicated(instance):
        return
    publishing.on_published(instance)


def _unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not publishing.is_syndicated(instance):
        return
    publishing.on_unpublished(instance)


def connect() -> None:
    page_published.connect(_published, dispatch_uid="dissemination-published")
    page_unpublished.connect(_unpublished, dispatch_uid="dissemination-unpublished")
