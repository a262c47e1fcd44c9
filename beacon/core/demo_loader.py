"""Loading the demo city through the same actions the admin uses. Running it twice changes nothing.

What a demo user already changed (an agency's details, a password) is kept: only missing rows
are created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.users.models import UserProfile

from beacon.core import actions
from beacon.core.models import Agency, CityNameForm, CityProfile


@dataclass
class DemoAccount:
    username: str
    roles: list[str]
    created: bool


@transaction.atomic
def load_city(city: dict[str, Any]) -> CityProfile:
    profile = CityProfile.objects.first()
    if profile is None:
        profile = CityProfile(
            name=city["name"],
            short_name=city["short_name"],
            source_language=city["source_language"],
            target_languages=city["target_languages"],
            time_zone=city["time_zone"],
            required_translations=city.get("required_translations", {}),
        )
        actions.do_save_city_profile(profile, acting_user=None)
    for language, form, official in city["name_forms"]:
        CityNameForm.objects.get_or_create(
            profile=profile, language=language, form=form, defaults={"is_official": official}
        )
    return profile


@transaction.atomic
def load_agencies(rows: list[dict[str, Any]]) -> int:
    existing = dict(Agency.objects.values_list("code", "pk"))
    created = 0
    for row in rows:
        if row["code"] in existing:
            continue
        fields = {key: value for key, value in row.items() if key != "parent"}
        agency = Agency(**fields, parent_id=existing.get(row["parent"]) if row["parent"] else None)
        actions.do_save_agency(agency, acting_user=None)
        existing[agency.code] = agency.pk
        created += 1
    return created


@transaction.atomic
def load_users(rows: list[dict[str, Any]], password: str) -> list[DemoAccount]:
    User = get_user_model()
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    accounts = []
    for row in rows:
        user = User._default_manager.filter(username=row["username"]).first()
        created = user is None
        if user is None:
            user = User(
                username=row["username"],
                first_name=row.get("first_name", ""),
                last_name=row.get("last_name", ""),
                email=row.get("email", ""),
                is_staff=row.get("superuser", False),
                is_superuser=row.get("superuser", False),
            )
            user.set_password(password)
            user.save()
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = row.get("language", "vi")
            profile.save()
        for role, code in row["roles"]:
            actions.do_grant_role(user, agencies[code], role, acting_user=None)
        roles = [f"{role} · {code}" for role, code in row["roles"]] or ["superuser"]
        accounts.append(DemoAccount(row["username"], roles, created))
    return accounts


def load_demo(
    password: str, report: Callable[[str], None] = lambda _line: None
) -> list[DemoAccount]:
    from beacon.core.demo import hanoi

    profile = load_city(hanoi.CITY)
    report(f"City: {profile.name}")
    created = load_agencies(hanoi.AGENCIES)
    report(f"Agencies: {Agency.objects.count()} ({created} new)")
    accounts = load_users(hanoi.USERS, password)
    for area, loader in _app_loaders():
        loader()
        report(f"{area}: loaded")
    return accounts


def _app_loaders() -> list[tuple[str, Callable[[], Any]]]:
    """The demo data of each domain app, loaded after the city, agencies and people."""
    from beacon.dissemination.demo import load_dissemination_demo
    from beacon.factbase.demo_loader import load_factbase_demo
    from beacon.kiosks.demo import load_kiosks_demo
    from beacon.monitoring.demo_loader import load_monitoring_demo
    from beacon.newsletters.demo import load_newsletters_demo
    from beacon.outreach.demo import load_outreach_demo
    from beacon.plans.demo import load_plans_demo
    from beacon.portal.demo_loader import load_publishing_demo
    from beacon.social.demo import load_social_demo
    from beacon.training.demo import load_training_demo

    return [
        ("Portal and translations", load_publishing_demo),
        ("Plans", load_plans_demo),
        ("Training", load_training_demo),
        ("Monitoring", load_monitoring_demo),
        ("Fact base", load_factbase_demo),
        ("Newsletters", load_newsletters_demo),
        ("Kiosks", load_kiosks_demo),
        ("Deliveries", load_dissemination_demo),
        ("Social posts", load_social_demo),
        ("Outreach", load_outreach_demo),
    ]
