"""Digests in the admin: the list, one digest with its preview, and "send now"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from beacon.core import policy
from beacon.newsletters import access, actions
from beacon.newsletters.mailing import render_digest
from beacon.newsletters.models import DigestStatus, SendStatus


@require_GET
def digest_index(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, access.AREA, "read"):
        raise PermissionDenied
    digests = access.digests_for_user(request.user).order_by("-scheduled_for")[:200]
    return render(
        request,
        "newsletters/admin/digests.html",
        {"page_title": _("Digests"), "header_icon": "mail", "digests": digests},
    )


@require_GET
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = access.get_digest_for_user(request.user, pk)
    counts = {status: digest.sends.filter(status=status).count() for status in SendStatus}
    return render(
        request,
        "newsletters/admin/digest.html",
        {
            "page_title": str(digest),
            "header_icon": "mail",
            "digest": digest,
            "counts": counts,
            "failures": digest.sends.filter(status=SendStatus.FAILED).exclude(reason="")[:50],
            "can_send": access.can_manage(request.user, digest.newsletter.agency)
            and digest.status == DigestStatus.PENDING
            and bool(digest.entries),
        },
    )


@require_GET
def digest_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML part as readers will get it (without their unsubscribe link), sandboxed."""
    digest = access.get_digest_for_user(request.user, pk)
    response = HttpResponse(render_digest(digest, None)["html"])
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src https: http:;"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_POST
def digest_send_now(request: HttpRequest, pk: int) -> HttpResponse:
    digest = access.get_digest_for_user(request.user, pk, write=True)
    actions.do_send_now(digest, acting_user=request.user)
    messages.success(request, _("The digest is being mailed."))
    return redirect("newsletters_digest", pk=digest.pk)
