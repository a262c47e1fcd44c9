from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from beacon.newsletters.models import NewsletterList


class SubscribeForm(forms.Form):
    """An address and a list; a signed form token instead of a CSRF cookie; a honeypot.

    ``website`` is hidden from people (the ``hidden`` attribute) and left empty by them;
    robots that fill every field give themselves away.
    """

    # Our own messages, not Django's: Django has no catalogue for every portal language
    # (plain "zh" among them), and a reader must not get the interface language's text.
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Give your e-mail address."),
            "invalid": _("This is not an e-mail address."),
            "max_length": _("This address is too long."),
        },
    )
    newsletter = forms.ModelChoiceField(
        label=_("Newsletter"),
        queryset=NewsletterList.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a newsletter."),
            "invalid_choice": _("Choose a newsletter."),
        },
    )
    token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, lists: QuerySet[NewsletterList], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["newsletter"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrows the type)
        field.queryset = lists
        if lists.count() == 1:
            field.initial = lists.first()
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
