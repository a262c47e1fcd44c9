"""Articles reach the search engine through a queue written in the article's own transaction.

A signal on every save and delete of an article writes a ``SearchQueue`` row in the same
transaction (so a crash after the commit still leaves the work recorded, and a rollback leaves
none); the ``drain_search_queue`` task, on a worker every 30 seconds, indexes or deletes them
in batches. Rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers
drain side by side without taking the same rows, and deleted only after the engine has them.

The embedded engine needs no queue: its full text is kept by database triggers and its vectors
are loaded by each process; a deleted article is dropped from this process's vectors at once
and from the others' results when they re-check the database.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from beacon.monitoring.models import Article, SearchQueue
from beacon.monitoring.search_backends import backend

BATCH = 500


def _saved(sender: type[Article], instance: Article, raw: bool = False, **kwargs: Any) -> None:
    if raw or not backend().uses_queue:
        return
    SearchQueue.objects.create(article_id=instance.pk, action=SearchQueue.Action.INDEX)


def _deleted(sender: type[Article], instance: Article, **kwargs: Any) -> None:
    engine = backend()
    if engine.uses_queue:
        SearchQueue.objects.create(article_id=instance.pk, action=SearchQueue.Action.DELETE)
    else:
        engine.delete([instance.pk])


def connect() -> None:
    post_save.connect(_saved, sender=Article, dispatch_uid="search-queue-saved")
    post_delete.connect(_deleted, sender=Article, dispatch_uid="search-queue-deleted")


def drain(batch: int = BATCH, max_batches: int = 10) -> int:
    """Index or delete what the queue holds, a batch per transaction; returns rows handled.

    An article's last entry decides: a deletion deletes; otherwise the article as it is now
    is indexed (a withdrawn vector is cleared from the engine), or deleted if it is gone.
    """
    engine = backend()
    handled = 0
    for _ in range(max_batches):
        with transaction.atomic():
            entries = list(
                SearchQueue.objects.select_for_update(skip_locked=True).order_by("pk")[:batch]
            )
            if not entries:
                break
            last = {entry.article_id: entry.action for entry in entries}
            wanted = [pk for pk, action in last.items() if action == SearchQueue.Action.INDEX]
            articles = list(Article.objects.filter(pk__in=wanted))
            present = {article.pk for article in articles}
            engine.index(articles)
            engine.delete([pk for pk in last if pk not in present])
            SearchQueue.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        handled += len(entries)
    return handled
