"""The public forms: registration, a press request, a community story. No account, no cookie.

Each carries a signed token (instead of a CSRF cookie) and a hidden ``website`` field that
people leave empty and robots fill.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.core.models import Agency
from beacon.outreach.models import CommunityStory, Licence, PressRequest
from beacon.outreach.photos import MAX_PHOTOS


class PublicForm(forms.Form):
    website = forms.CharField(label=_("Leave this empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)


class RegisterForm(PublicForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )


class PressRequestForm(PublicForm, forms.ModelForm):
    class Meta:
        model = PressRequest
        fields = ["name", "email", "outlet", "country", "agency", "topic", "starts_on", "ends_on",
                  "places", "interviews"]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "topic": forms.Textarea(attrs={"rows": 4}),
            "places": forms.Textarea(attrs={"rows": 2}),
            "interviews": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"country": _("Two letters, e.g. FR, JP, US.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = Agency.objects.order_by(
            "name"
        )

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().upper()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS})
        return [super(PhotosField, self).clean(item, initial) for item in files]


class StoryForm(PublicForm, forms.ModelForm):
    photos = PhotosField(
        label=_("Photos (JPEG, PNG or WebP, up to 4)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_description = forms.CharField(
        label=_("What the photos show (for people who cannot see them)"),
        max_length=255,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that the city publishes my story, my photos and the name above.")
    )

    class Meta:
        model = CommunityStory
        fields = ["title", "body", "place", "agency", "author_name", "email", "licence"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8}), "licence": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = Agency.objects.order_by(
            "name"
        )
        self.fields["agency"].label = _("Where in the city (the office that will read it)")
        cast(forms.ChoiceField, self.fields["licence"]).choices = Licence.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photos") and not (data.get("photo_description") or "").strip():
            self.add_error("photo_description", _("Describe the photos in a few words."))
        return data
