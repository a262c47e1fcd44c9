from __future__ import annotations

import sys

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from beacon.core.health import check_broker, check_database, check_worker


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, 503 naming the one that does not."""
    checks = [check_database(), check_broker()]
    if checks[0].ok:
        checks.append(check_worker())
    ok = all(check.ok for check in checks)
    body = {
        "status": "ok" if ok else "fail",
        "failed": [check.name for check in checks if not check.ok],
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(body, status=200 if ok else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page (``handler500``); a database that is gone or refuses writes says so.

    A database that went away mid-request, or that refuses writes (a full disk, a read-only
    failover), rolls the request's writes back: the page tells the user that nothing was saved
    and to try again, with 503 and Retry-After for machines. It renders without the database
    (no context processors, no user): the database is what failed.
    """
    if isinstance(sys.exc_info()[1], DatabaseError):
        body = render_to_string("core/unavailable.html")
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
    return defaults.server_error(request)
