"""Forms of the training screens; each one feeds exactly one action."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class NominateForm(forms.Form):
    # The queryset depends on the user and is set in __init__.
    officer: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(self, *args: object, officers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One day's roll call. ``present`` takes any officer ids, so that the action, not the form,
    decides who may be marked, and says why it refuses."""

    day = forms.DateField(label=_("Day"))
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, choices=()
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        ids = self.data.getlist("present") if hasattr(self.data, "getlist") else []
        self.fields["present"].choices = [(value, value) for value in ids]  # type: ignore[attr-defined]

    def clean_present(self) -> list[int]:
        return list(self.cleaned_data["present"])


class ResultForm(forms.Form):
    score = forms.DecimalField(
        label=_("Score"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
