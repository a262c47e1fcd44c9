"""Password rules, lockout after repeated failed logins, and the optional second factor (TOTP)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from beacon.core.models import AuditEvent
from beacon.core.tests.factories import PASSWORD

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _no_totp_throttle(settings: Any) -> None:
    # django-otp doubles a wait after each wrong code; the lockout under test is axes'.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{token:0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    right = {_code(device, drift) for drift in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


def _login(client: Any, username: str, password: str, otp_token: str = "") -> Any:
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": otp_token, "next": ""}
    )


def _logged_in(client: Any) -> bool:
    return client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["Sh0rt!pw", "aaaaaaaaaaaaaaaa", "hanoihanoihanoi", "123456789012345", "password1234", "lan"],
)
def test_it_refuses_weak_passwords(personas: Any, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user=personas.coordinator)


def test_it_refuses_a_password_like_the_user_name(personas: Any) -> None:
    personas.coordinator.email = "lan.nguyen@example.invalid"
    with pytest.raises(ValidationError) as caught:
        validate_password("Lan.Nguyen@Example.invalid", user=personas.coordinator)
    assert [e.code for e in caught.value.error_list] == ["password_too_similar"]


@pytest.mark.parametrize("password", ["Tràng-Tiền-42-Bridge", "correct horse Battery 9", PASSWORD])
def test_it_accepts_a_strong_password(personas: Any, password: str) -> None:
    validate_password(password, user=personas.coordinator)


def test_it_logs_in_with_the_right_password(client: Any, personas: Any) -> None:
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_it_locks_out_after_the_failure_limit_and_resets(client: Any, personas: Any) -> None:
    assert django_settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "lan", "wrong-password")
        assert response.status_code == 200
        assert not _logged_in(client)
    # The fifth failure locks the account; the right password is then refused too.
    assert _login(client, "lan", "wrong-password").status_code == 429
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert not _logged_in(client)
    # Another person from the same address is not locked out.
    assert _login(client, "minh", PASSWORD).status_code == 302
    client.logout()

    assert axes_reset(username="lan") >= 1
    assert _login(client, "lan", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_it_lets_the_person_in_again_after_the_cool_off(client: Any, personas: Any) -> None:
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        _login(client, "lan", "wrong-password")
    assert _login(client, "lan", PASSWORD).status_code == 429
    past = timezone.now() - django_settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert _login(client, "lan", PASSWORD).status_code == 302


@pytest.fixture
def device(personas: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=personas.coordinator, name="phone", confirmed=True)


def test_it_asks_for_the_code_when_two_step_login_is_on(
    client: Any, personas: Any, device: TOTPDevice
) -> None:
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 200
    assert "Enter the 6-digit code" in response.content.decode()
    assert not _logged_in(client)

    response = _login(client, "lan", PASSWORD, _wrong_code(device))
    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    assert not _logged_in(client)

    response = _login(client, "lan", PASSWORD, _code(device))
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.session.get("otp_device_id") == device.persistent_id


def test_it_counts_wrong_codes_toward_the_lockout(
    client: Any, personas: Any, device: TOTPDevice
) -> None:
    wrong = _wrong_code(device)
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "lan", PASSWORD, wrong).status_code == 200
    assert _login(client, "lan", PASSWORD, wrong).status_code == 429
    assert _login(client, "lan", PASSWORD, _code(device)).status_code == 429
    assert not _logged_in(client)


def test_it_turns_two_step_login_on_with_a_valid_code_and_off_with_the_password(
    client: Any, personas: Any
) -> None:
    client.force_login(personas.officer)
    url = reverse("core_two_step")
    response = client.get(url)
    assert response.status_code == 200
    pending = TOTPDevice.objects.get(user=personas.officer)
    assert not pending.confirmed

    response = client.post(url, {"token": _wrong_code(pending)})
    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed

    response = client.post(url, {"token": _code(pending)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert AuditEvent.objects.filter(action="totp.enable", actor=personas.officer).exists()

    response = client.post(url, {"password": "not-my-password"})
    assert response.status_code == 200
    assert "not your password" in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas.officer, confirmed=True).exists()

    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.officer).exists()
    assert AuditEvent.objects.filter(action="totp.disable", actor=personas.officer).exists()

    # Off again: the next login needs no code.
    client.logout()
    assert _login(client, "minh", PASSWORD).status_code == 302
