"""Forms of the social screens: editing a draft, reviewing it, recording where it was posted."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.social.models import SocialPost


class PostForm(forms.ModelForm):
    class Meta:
        model = SocialPost
        fields = ["text", "hashtags", "image", "image_alt", "scheduled_for"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "scheduled_for": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Request changes"))],
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)


class PostedForm(forms.Form):
    url = forms.URLField(label=_("Address of the post on the platform"), max_length=500)


class PeriodForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False)
    span = forms.ChoiceField(
        label=_("Show"), choices=[("week", _("week")), ("month", _("month"))], required=False
    )
