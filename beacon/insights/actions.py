"""Every write of the insights app: storing a generated report, mailing it, and the public switch
of a figure. Each in one transaction with its audit row; mail goes out on commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.core import audit
from beacon.core.models import Agency
from beacon.core.roles import Role
from beacon.insights import exports, report
from beacon.insights.models import PublicFigure, StoredReport
from beacon.insights.periods import Period


def do_store_report(
    period: Period, agency: Agency | None, *, acting_user: Any, mail: bool = False
) -> StoredReport:
    """Generate the report's PDF, DOCX and XLSX and keep them with their generation time.

    The files are made before the transaction opens (seconds of work), so that no lock is held
    while WeasyPrint lays out pages.
    """
    built = report.build(period, agency)
    files = {
        "pdf": exports.report_pdf(built),
        "docx": exports.report_docx(built),
        "xlsx": exports.report_xlsx(built),
    }
    scope = agency.code if agency else "city"
    name = f"beacon-insights-{period.key}-{scope}-{timezone.localtime():%Y%m%d%H%M}"
    with transaction.atomic():
        stored = StoredReport(
            period_key=period.key,
            agency=agency,
            generated_by=acting_user if acting_user and acting_user.is_authenticated else None,
        )
        for fmt, body in files.items():
            getattr(stored, fmt).save(f"{name}.{fmt}", ContentFile(body), save=False)
        stored.save()
        audit.record(
            actor=acting_user, action="insights.store_report", instance=stored, agency=agency
        )
        if mail:
            transaction.on_commit(lambda: mail_report(stored.pk))
    return stored


def coordinator_addresses() -> list[str]:
    User = get_user_model()
    users = User._default_manager.filter(
        is_active=True, memberships__role=Role.COORDINATOR
    ).exclude(email="")
    return sorted({user.email for user in users})


def mail_report(stored_pk: int) -> int:
    """Mail a stored report's PDF and DOCX to the coordinators; marks it mailed once sent."""
    stored = StoredReport.objects.select_related("agency").get(pk=stored_pk)
    recipients = coordinator_addresses()
    if not recipients:
        return 0
    message = EmailMessage(
        subject=_("Beacon: report on external-information work, %(period)s")
        % {"period": stored.period_key},
        body=_("The report for %(period)s is attached (PDF and DOCX); the XLSX is in Beacon.")
        % {"period": stored.period_key},
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    for fmt, mime in (("pdf", "application/pdf"), ("docx", exports.DOCX_TYPE)):
        field = getattr(stored, fmt)
        with field.open("rb") as handle:
            message.attach(field.name.rsplit("/", 1)[-1], handle.read(), mime)
    message.send()
    StoredReport.objects.filter(pk=stored.pk).update(mailed_at=timezone.now())
    return len(recipients)


@transaction.atomic
def do_set_figure_public(key: str, is_public: bool, *, acting_user: Any) -> PublicFigure:
    figure, _created = PublicFigure.objects.get_or_create(key=key)
    before = audit.snapshot(figure)
    figure.is_public = is_public
    figure.changed_at = timezone.now()
    figure.changed_by = acting_user if acting_user and acting_user.is_authenticated else None
    figure.save()
    audit.record(
        actor=acting_user,
        action="insights.set_public",
        instance=figure,
        changes=audit.diff(before, audit.snapshot(figure)),
    )
    return figure
