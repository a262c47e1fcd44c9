"""Forms of the plans screens: filing a report, reviewing it, importing a plan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from beacon.core.models import Agency
from beacon.plans.models import Plan, Target, Unit

EVIDENCE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "webp", "docx", "xlsx", "pptx", "odt", "txt"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked for size and kind."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > EVIDENCE_MAX_FILES:
            raise ValidationError(
                _("Attach at most %(n)d files at a time."), params={"n": EVIDENCE_MAX_FILES}
            )
        for upload in files:
            suffix = PurePath(upload.name or "").suffix.lower().lstrip(".")
            if suffix not in EVIDENCE_EXTENSIONS:
                raise ValidationError(
                    _("%(name)s: only %(kinds)s files can be attached."),
                    params={"name": upload.name, "kinds": ", ".join(sorted(EVIDENCE_EXTENSIONS))},
                )
            if upload.size and upload.size > EVIDENCE_MAX_BYTES:
                raise ValidationError(
                    _("%(name)s is larger than 20 MB."), params={"name": upload.name}
                )
        return files


def _clean_links(text: str) -> str:
    validate = URLValidator(schemes=["http", "https"])
    for line in text.splitlines():
        if line.strip():
            try:
                validate(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address (http:// or https://)."),
                    params={"line": line.strip()[:100]},
                ) from None
    return text


class ReportForm(forms.Form):
    """A progress report: the text, one figure per target (with its unit), links and files."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    summary = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    problems = forms.CharField(
        label=_("Problems met"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    links = forms.CharField(
        label=_("Links to published content"),
        required=False,
        help_text=_("One address per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = EvidenceField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Photos, minutes, publications: PDF, images or office files, 20 MB each."),
    )

    def __init__(self, *args: Any, targets: list[Target], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            self.fields[f"figure_{target.pk}"] = forms.DecimalField(
                label=str(target),
                required=False,
                min_value=Decimal(0),
                max_digits=12,
                decimal_places=2,
            )
            self.fields[f"unit_{target.pk}"] = forms.ChoiceField(
                label=_("unit"), choices=Unit.choices, initial=target.unit, required=False
            )

    def clean_links(self) -> str:
        return _clean_links(self.cleaned_data["links"])

    def figure_rows(self) -> list[tuple[Target, Any, Any]]:
        return [(t, self[f"figure_{t.pk}"], self[f"unit_{t.pk}"]) for t in self.targets]

    def figures(self) -> dict[int, tuple[Decimal, str]]:
        """Target id to (value, unit) for each figure given; empty figures are left out.

        A figure sent without a unit is in its target's unit; one sent with another unit is
        passed on as it is, for the action to refuse.
        """
        return {
            t.pk: (
                self.cleaned_data[f"figure_{t.pk}"],
                self.cleaned_data.get(f"unit_{t.pk}") or t.unit,
            )
            for t in self.targets
            if self.cleaned_data.get(f"figure_{t.pk}") is not None
        }


class AgencyChoiceForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Report for"), queryset=Agency.objects.none())

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Send back"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        help_text=_("Required when you send the report back: say what to fix."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PlanImportForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Into the plan"),
        queryset=Plan.objects.all(),
        required=False,
        help_text=_("Leave empty to create a new plan with the year and title below."),
    )
    year = forms.IntegerField(
        label=_("Year of a new plan"), required=False, min_value=2000, max_value=2100
    )
    title = forms.CharField(label=_("Title of a new plan"), required=False, max_length=300)
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("One row per activity; the first row names the columns."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("plan") and not (data.get("year") and data.get("title")):
            raise ValidationError(_("Choose a plan, or give the year and title of a new one."))
        return data


class PlanChoiceForm(forms.Form):
    """The plan a dashboard, timeline, matrix or export is about (newest by default)."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all(), required=False)
