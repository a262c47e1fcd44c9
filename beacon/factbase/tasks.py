"""Celery tasks of the fact base: ids and plain values in, bounded time and retries."""

from __future__ import annotations

import logging

from celery import shared_task

from beacon.factbase import actions, index
from beacon.factbase.models import ClaimScan
from beacon.monitoring.models import Article

logger = logging.getLogger(__name__)

# Articles searched for claims by one run: the beat job comes back for the rest.
SCAN_BATCH = 200


@shared_task(soft_time_limit=280, time_limit=300, max_retries=0)
def extract_new_claims() -> int:
    """Beat: find claims in the articles analysed since the last run, and match them."""
    scanned = ClaimScan.objects.values("article_id")
    articles = Article.objects.exclude(pk__in=scanned).order_by("seen_at")[:SCAN_BATCH]
    found = []
    finder = actions.city_finder()
    for article in articles:
        found.extend(actions.do_extract_claims(article, finder=finder))
    for claim in found:
        try:
            actions.do_match_claim(claim)
        except index.EmptyFactBase:
            logger.info("fact base empty: %d claims left unmatched", len(found))
            break
    return len(found)


@shared_task(soft_time_limit=280, time_limit=300, max_retries=0)
def refresh_claim_index() -> bool:
    """Beat: rebuild and save the claim index when the fact base changed (True if rebuilt).

    Processes load the saved index rather than build their own (``index``), so the analyst's
    first search after an approval does not wait for the build.
    """
    try:
        return index.refresh()
    except index.EmptyFactBase:
        return False
