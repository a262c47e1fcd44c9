"""schema.org ``ClaimReview`` markup of a fact-check page, for search engines and fact-check tools.

See https://schema.org/ClaimReview: the claim (``itemReviewed``, a ``Claim`` with where and
when it appeared), who reviewed it (the city's office, an organisation), and the verdict as a
``Rating`` on the published scale. "Unproven" is no point on that scale: its rating carries
only ``alternateName``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation

from beacon.factbase.models import BEST_RATING, RATINGS, WORST_RATING, Verdict

if TYPE_CHECKING:
    from beacon.factbase.models import FactCheckPage


def _office(language: str) -> dict[str, Any]:
    from beacon.portal.seo import site_name

    return {"@type": "GovernmentOrganization", "name": site_name(language)}


def claim_review(page: FactCheckPage, *, url: str, language: str) -> dict[str, Any]:
    with translation.override(language):
        verdict = str(Verdict(page.verdict).label)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    value = RATINGS.get(page.verdict)
    if value is not None:
        rating.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    claim: dict[str, Any] = {"@type": "Claim"}
    if page.claim_date:
        claim["datePublished"] = page.claim_date.isoformat()
    if page.claim_url or page.claim_outlet:
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        if page.claim_url:
            appearance["url"] = page.claim_url
        if page.claim_outlet:
            appearance["publisher"] = {"@type": "Organization", "name": page.claim_outlet}
        claim["appearance"] = appearance
        claim["firstAppearance"] = appearance
    published = page.first_published_at or page.last_published_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": page.claim_reviewed,
        "itemReviewed": claim,
        "author": _office(language),
        "reviewRating": rating,
        "url": url,
        "inLanguage": language,
    }
    if published is not None:
        data["datePublished"] = published.date().isoformat()
    return data
