"""What the insights app keeps: the reports it generated, and which figures are public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beacon.core.models import Agency


def report_path(instance: StoredReport, filename: str) -> str:
    return f"insights/{instance.period_key}/{filename}"


class StoredReport(models.Model):
    """A periodic report as it was generated: the same files can be sent again, unchanged."""

    period_key = models.CharField(_("period"), max_length=10)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for the whole city."),
    )
    generated_at = models.DateTimeField(_("generated"), default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=255)
    docx = models.FileField(_("DOCX"), upload_to=report_path, max_length=255)
    xlsx = models.FileField(_("XLSX"), upload_to=report_path, max_length=255)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored report")
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"{self.period_key} · {self.agency or _('whole city')}"


class PublicFigure(models.Model):
    """A figure the coordinator chose to show on the public transparency page (aggregate only)."""

    key = models.CharField(_("figure"), max_length=60, unique=True)
    is_public = models.BooleanField(_("public"), default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public figure")

    def __str__(self) -> str:
        return self.key
