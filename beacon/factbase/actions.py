"""Every write of the fact base: claims, matches, fact requests, responses, retiring facts.

Each action runs in one transaction and records its audit event in it (STYLE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from anyascii import anyascii
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from beacon.core import audit, policy
from beacon.core.city import get_city_profile
from beacon.core.languages import language_name
from beacon.core.models import Agency
from beacon.core.roles import AgencyKind
from beacon.factbase import access, claims, index, matching
from beacon.factbase.models import (
    Candidate,
    Claim,
    ClaimScan,
    ClaimStatus,
    Decision,
    Fact,
    FactCheckCitation,
    FactCheckPage,
    FactRequest,
    Response,
    Verdict,
)
from beacon.factbase.setup import fact_check_index

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from beacon.core.types import UserLike
    from beacon.monitoring.models import Article

TOP_K = 5


def _require_triage(user: UserLike) -> None:
    if not access.can_triage(user):
        raise PermissionDenied


# --- claims --------------------------------------------------------------------------------


def city_finder() -> Callable[[str], bool]:
    from beacon.monitoring.gazetteer import build_gazetteer

    gazetteer = build_gazetteer()
    return lambda text: bool(gazetteer.find(text))


@transaction.atomic
def do_extract_claims(
    article: Article, *, finder: Callable[[str], bool] | None = None
) -> list[Claim]:
    """The check-worthy sentences of an article about the city, stored once as claims."""
    if ClaimScan.objects.filter(article=article).exists():
        return []
    found: list[Claim] = []
    if article.about_city and not article.is_copy:
        text = "\n".join(part for part in (article.title, article.lead, article.text) if part)
        sentences = claims.extract(text, article.language, finder or city_finder())
        for sentence in sentences:
            claim, created = Claim.objects.get_or_create(
                article=article,
                text=sentence.text,
                defaults={
                    "language": article.language,
                    "score": sentence.score,
                    "reasons": sentence.reasons,
                    "detected_at": article.seen_at,
                },
            )
            if created:
                found.append(claim)
    ClaimScan.objects.create(article=article, found=len(found))
    return found


@transaction.atomic
def do_add_claim(text: Any, language: str, *, acting_user: UserLike) -> Claim:
    """An analyst pastes a claim seen elsewhere (a post, a broadcast)."""
    _require_triage(acting_user)
    cleaned = matching.clean_claim(text)
    claim = Claim.objects.create(
        text=cleaned, language=language, added_by=cast("User", acting_user), score=claims.THRESHOLD
    )
    audit.record(actor=acting_user, action="claim.add", instance=claim)
    return claim


@dataclass
class MatchReport:
    candidates: list[Candidate]
    notices: list[str] = field(default_factory=list)


@transaction.atomic
def do_match_claim(claim: Claim) -> MatchReport:
    """Retrieve and rank facts and fact checks for a claim; keep the best one per fact."""
    search_index = index.current_index()
    hits = search_index.search(claim.text, k=TOP_K * 3)
    notices = []
    if claim.language not in index.languages_covered():
        notices.append(
            _("The fact base has no fact in %(language)s: candidates are in other languages.")
            % {"language": language_name(claim.language)}
        )
    Candidate.objects.filter(claim=claim, decision=Decision.PENDING).delete()
    decided = set(claim.candidates.values_list("key", flat=True))
    kept: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        key = index.parse_key(hit.key)
        if (key.kind, key.pk) in seen:
            continue
        seen.add((key.kind, key.pk))
        if hit.key in decided:
            continue
        fact = Fact.objects.filter(pk=key.pk).first() if key.kind == "fact" else None
        page = FactCheckPage.objects.filter(pk=key.pk).first() if key.kind == "check" else None
        text = fact.statement_in(key.language) if fact else (page.claim_reviewed if page else "")
        kept.append(
            Candidate.objects.create(
                claim=claim,
                key=hit.key,
                fact=fact,
                fact_check=page,
                language=key.language,
                text=text,
                score=float(hit.score),
                lexical=float(hit.lexical),
                dense=float(hit.dense),
                rank=len(kept) + 1,
            )
        )
        if len(kept) == TOP_K:
            break
    return MatchReport(kept, notices)


def _decide(candidate: Candidate, decision: str, acting_user: UserLike) -> None:
    _require_triage(acting_user)
    before = candidate.decision
    candidate.decision = decision
    candidate.decided_by = acting_user  # type: ignore[assignment]
    candidate.save(update_fields=["decision", "decided_by"])
    audit.record(
        actor=acting_user,
        action=f"candidate.{decision}",
        instance=candidate,
        changes={"decision": [before, decision]},
    )


@transaction.atomic
def do_confirm_candidate(candidate: Candidate, *, acting_user: UserLike) -> None:
    _decide(candidate, Decision.CONFIRMED, acting_user)
    claim = candidate.claim
    claim.status = ClaimStatus.MATCHED
    claim.matched_at = claim.matched_at or timezone.now()
    claim.save(update_fields=["status", "matched_at"])


@transaction.atomic
def do_reject_candidate(candidate: Candidate, *, acting_user: UserLike) -> None:
    _decide(candidate, Decision.REJECTED, acting_user)


@transaction.atomic
def do_reject_claim(claim: Claim, *, acting_user: UserLike) -> None:
    """Not worth checking (an opinion, or not about the city after all)."""
    _require_triage(acting_user)
    before = claim.status
    claim.status = ClaimStatus.REJECTED
    claim.save(update_fields=["status"])
    audit.record(
        actor=acting_user,
        action="claim.reject",
        instance=claim,
        changes={"status": [before, claim.status]},
    )


@transaction.atomic
def do_request_fact(
    claim: Claim, agency: Agency, note: str, *, acting_user: UserLike
) -> FactRequest:
    """ "New claim — needs a fact": a task for the agency that owns the subject."""
    _require_triage(acting_user)
    request = FactRequest.objects.create(
        claim=claim, agency=agency, note=note.strip(), created_by=cast("User", acting_user)
    )
    claim.status = ClaimStatus.NEEDS_FACT
    claim.save(update_fields=["status"])
    audit.record(actor=acting_user, action="factrequest.create", instance=request, agency=agency)
    return request


# --- facts ---------------------------------------------------------------------------------


@transaction.atomic
def do_retire_fact(fact: Fact, reason: str, *, acting_user: UserLike) -> int:
    """Withdraw a fact from citation; returns how many published responses now need review."""
    if not policy.can(acting_user, access.FACTS, "write", fact.agency):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the fact is retired."))
    fact.retired_at = timezone.now()
    fact.retired_reason = reason.strip()
    fact.save(update_fields=["retired_at", "retired_reason", "updated_at"])
    audit.record(
        actor=acting_user,
        action="fact.retire",
        instance=fact,
        changes={"retired_reason": [None, fact.retired_reason]},
        agency=fact.agency,
    )
    return Response.objects.needing_review().filter(page__citations__fact=fact).count()


# --- responses -----------------------------------------------------------------------------


def refuse_uncitable(facts: list[Fact]) -> None:
    """A retired, expired or unapproved fact is never cited in a new response."""
    problems = []
    for fact in facts:
        if not fact.is_citable():
            problems.append(
                _("Fact #%(id)d (%(status)s) cannot be cited: %(statement)s")
                % {
                    "id": fact.pk,
                    "status": _("expired")
                    if fact.status == "approved"
                    else fact.get_status_display(),
                    "statement": str(fact),
                }
            )
    if problems:
        raise ValidationError(problems)


@dataclass
class ResponseDraft:
    response: Response
    languages: list[str]
    notices: list[str] = field(default_factory=list)


def _texts(claim: Claim, facts: list[Fact], verdict: str, language: str) -> dict[str, str]:
    """The response's fields in one language; the facts' statements in it where they have one."""
    with translation.override(language):
        label = str(Verdict(verdict).label)
        title = _("Fact check: %(claim)s") % {"claim": claim.text[:120]}
        # The verdict is not repeated here: the page shows it above the explanation.
        parts = []
        for fact in facts:
            statement = fact.statement_in(language) or fact.statement
            parts.append(f"<p>{escape(statement)}</p>")
            items = [
                f"<li>{escape(' — '.join(p for p in (e.citation(), e.address()) if p))}</li>"
                for e in fact.evidence.all()
            ]
            if items:
                parts.append(f"<ul>{''.join(items)}</ul>")
        summary = _("Verdict: %(verdict)s.") % {"verdict": label}
    return {"title": title, "summary": summary, "explanation": "".join(parts)}


def _office_agency(facts: list[Fact]) -> Agency:
    """The city's office answers (the ClaimReview author); the facts' agency if there is none."""
    lead = Agency.objects.filter(kind=AgencyKind.LEAD).order_by("pk").first()
    return lead or facts[0].agency


def _public_url(url: str) -> str:
    """The claim's address as readers and search engines can follow it, or nothing.

    Monitored articles keep the address they were fetched from, which may be of a scheme only
    Beacon reads (the demo's packaged ``demo://`` outlets) or longer than the page's field; the
    fact check then names the outlet without a link rather than failing to be drafted.
    """
    field = FactCheckPage._meta.get_field("claim_url")
    if len(url) > (field.max_length or 0):
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


@transaction.atomic
def do_draft_response(claim: Claim, verdict: str, *, acting_user: UserLike) -> ResponseDraft:
    """A fact-check page draft from the confirmed facts, in the source and the claim's language.

    Steps: refuse facts that may not be cited; write the page in the source language; request
    its translations (every target language, pre-filled by memory, glossary and engine); fill
    the claim's language from the facts' own translations; submit it to the workflow, where
    translators approve the translations and a reviewer approves the whole.
    """
    from beacon.translation.actions import do_request_translations

    _require_triage(acting_user)
    if verdict not in Verdict.values:
        raise ValidationError(_("Choose a verdict."))
    confirmed = claim.candidates.filter(decision=Decision.CONFIRMED, fact__isnull=False)
    facts = [c.fact for c in confirmed.select_related("fact").order_by("rank") if c.fact]
    if not facts:
        raise ValidationError(_("Confirm at least one matching fact first."))
    refuse_uncitable(facts)
    profile = get_city_profile()
    source = profile.source_language if profile else Locale.get_default().language_code
    parent = fact_check_index(source)
    texts = _texts(claim, facts, verdict, source)
    article = claim.article
    page = FactCheckPage(
        title=texts["title"][:255],
        slug=f"{claim.pk}-{slugify(anyascii(claim.text))[:50]}".strip("-"),
        summary=texts["summary"],
        agency=_office_agency(facts),
        claim_reviewed=claim.text,
        claim_outlet=article.source.name[:200] if article else "",
        claim_url=_public_url(article.url) if article else "",
        claim_date=timezone.localdate(article.published_at)
        if article and article.published_at
        else None,
        verdict=verdict,
        explanation=texts["explanation"],
        live=False,
        owner=acting_user,
    )
    for order, fact in enumerate(facts):
        page.citations.add(FactCheckCitation(fact=fact, sort_order=order))
    parent.add_child(instance=page)
    page.save_revision(user=acting_user)
    response = Response.objects.create(claim=claim, page=page, created_by=cast("User", acting_user))
    notices: list[str] = []
    languages = [source]
    for item in do_request_translations(page, acting_user=acting_user):
        language = item.target_locale.language_code
        languages.append(language)
        if language == claim.language:
            _prefill(
                item,
                _texts(claim, facts, verdict, source),
                _texts(claim, facts, verdict, language),
                claim,
            )
            missing = [f.pk for f in facts if not f.statement_in(language)]
            if missing:
                notices.append(
                    _("Facts %(ids)s have no statement in %(language)s: a translator writes it.")
                    % {
                        "ids": ", ".join(f"#{pk}" for pk in missing),
                        "language": language_name(language),
                    }
                )
    if claim.language not in languages:
        notices.append(
            _(
                "%(language)s is not a language of the portal: "
                "the response is drafted in %(languages)s."
            )
            % {"language": language_name(claim.language), "languages": ", ".join(languages)}
        )
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("The portal has no publication workflow: run set_up_portal."))
    workflow.start(page, acting_user)
    audit.record(actor=acting_user, action="response.draft", instance=response, agency=page.agency)
    return ResponseDraft(response, languages, notices)


def _prefill(item: Any, source: dict[str, str], target: dict[str, str], claim: Claim) -> None:
    """Fill the claim language's segments that the fact base already knows how to say."""
    from wagtail_localize.models import StringSegment, StringTranslation
    from wagtail_localize.strings import StringValue

    from beacon.lib.sanitise import plain_text

    known = {
        plain_text(source["title"]): target["title"],
        plain_text(source["summary"]): target["summary"],
    }
    known[claim.text] = claim.text
    for source_part, target_part in zip(
        _blocks(source["explanation"]), _blocks(target["explanation"]), strict=True
    ):
        known[plain_text(source_part)] = plain_text(target_part)
    segments = StringSegment.objects.filter(source=item.source).select_related("string", "context")
    for segment in segments:
        wanted = known.get(StringValue(segment.string.data).render_text().strip())
        if not wanted:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=item.target_locale,
            context=segment.context,
            defaults={
                "data": StringValue.from_plaintext(wanted).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": "beacon-factbase",
                "has_error": False,
            },
        )
    item.save_target(publish=False)


def _blocks(html: str) -> list[str]:
    import re

    return re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", html)


@transaction.atomic
def record_publication(page: FactCheckPage) -> Response | None:
    """The time to respond: from the claim's detection to the fact check's first publication."""
    response = Response.objects.select_related("claim").filter(page=page).first()
    if response is None or response.published_at is not None:
        return response
    response.published_at = page.last_published_at or timezone.now()
    response.save(update_fields=["published_at"])
    audit.record(
        actor=None,
        action="response.publish",
        instance=response,
        changes={"time_to_respond_s": [None, int(response.time_to_respond.total_seconds())]},  # type: ignore[union-attr]
        agency=page.agency,
    )
    return response
