"""Factories for the core models; other apps' tests build on these."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from beacon.core.models import Agency, CityProfile
from beacon.core.roles import AgencyKind

PASSWORD = "Correct-Horse-42"


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"AG-{n:04d}")
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    names = factory.LazyAttribute(lambda o: {"en": f"Agency {o.code}", "fr": f"Organisme {o.code}"})
    kind = AgencyKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: object, create: bool, results: object = None) -> None:
        if create:
            instance.save()  # type: ignore[attr-defined]  # keeps the password set above


class CityProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityProfile

    name = "Thành phố Hà Nội"
    short_name = "Hà Nội"
    source_language = "vi"
    target_languages = ["en", "fr"]
    time_zone = "Asia/Ho_Chi_Minh"
