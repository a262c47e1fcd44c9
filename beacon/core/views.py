from __future__ import annotations

from django.http import HttpRequest, JsonResponse
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
