"""Forms for logging in with an optional second factor and for turning that factor on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from beacon.core.models import Agency
from beacon.core.roles import Role

_CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class LoginForm(WagtailLoginForm):
    """The admin login, asking for an authenticator code from those who turned two-step login on.

    A wrong code counts as a failed login, so the lockout after repeated failures covers the
    second factor as well as the password.
    """

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=8,
        widget=_CODE_WIDGET,
        help_text=_("Only if you turned on two-step login: the 6 digits from your app."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Wagtail's form leaves this label to the field name, which gettext never sees.
        self.fields["password"].label = _("Password")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            return cleaned
        token = (cleaned.get("otp_token") or "").strip()
        if not token:
            raise forms.ValidationError(
                _("Enter the 6-digit code from your authenticator app."), code="token_required"
            )
        allowed, _extra = device.verify_is_allowed()
        if not allowed or not device.verify_token(token):
            user_login_failed.send(
                sender=type(self),
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise forms.ValidationError(
                _("That authentication code is not valid. Wait for a new one and try again."),
                code="invalid_token",
            )
        # django-otp's user_logged_in receiver marks the session as verified by this device.
        user.otp_device = device
        return cleaned


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(label=_("Code from your app"), max_length=8, widget=_CODE_WIDGET)

    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("That code does not match. Check your phone's clock."))
        return token


class DisableDeviceForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class InvitePersonForm(forms.Form):
    """Who to invite, into which agency and role; the agencies offered are those the inviter
    may staff."""

    username = forms.CharField(label=_("User name"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family and middle names"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(
        label=_("Interface language"), choices=settings.INTERFACE_LANGUAGES
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User._default_manager.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User._default_manager.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account already uses this e-mail address."))
        return email
