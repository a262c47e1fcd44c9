"""Wagtail's publish and unpublish signals feed the outbox.

Wagtail sends them right after it saved the page: inside the transaction when the page is
published by a workflow's approval (``Task.on_action`` is atomic) or by a caller that wraps it,
in autocommit from the editor's "Publish" button. Either way the deliveries are written before
the request returns; ``tasks.reconcile`` catches a page whose deliveries were never written
(a process killed between the two writes).
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
