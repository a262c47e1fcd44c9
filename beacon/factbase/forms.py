from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.core.languages import language_choices
from beacon.core.models import Agency
from beacon.factbase import matching
from beacon.factbase.models import Verdict


class ClaimForm(forms.Form):
    """A claim pasted by hand; the matcher's own checks give the error messages."""

    text = forms.CharField(label=_("Claim"), widget=forms.Textarea(attrs={"rows": 3}), strip=False)
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)

    def clean_text(self) -> str:
        try:
            return matching.clean_claim(self.cleaned_data["text"])
        except matching.ClaimError as error:
            raise forms.ValidationError(str(error)) from error


class FactRequestForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.active().order_by("name")  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Why is it retired?"), max_length=300)
