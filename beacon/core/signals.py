"""Receivers that keep caches honest and count failed second factors as failed logins."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from beacon.core.city import forget_city_profile
from beacon.core.models import CityNameForm, CityProfile


@receiver([post_save, post_delete], sender=CityProfile)
@receiver([post_save, post_delete], sender=CityNameForm)
def _forget_profile(**kwargs: Any) -> None:
    forget_city_profile()
