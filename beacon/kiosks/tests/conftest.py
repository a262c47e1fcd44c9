"""The kiosks' test world: two border-gate groups, one in each district of the personas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from typing import Any

import pytest

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import Channel
from beacon.kiosks import actions, api
from beacon.kiosks.adapter import KioskAdapter
from beacon.kiosks.models import Kiosk, KioskGroup, PlaylistRule


@dataclass
class Fleet:
    group_a: KioskGroup
    group_b: KioskGroup
    kiosk_a: Kiosk
    kiosk_b: Kiosk
    token_a: str
    token_b: str
    channel: Channel
    editor: Any
    viewer: Any


def make_message(key: str = "news-1", language: str = "vi", **fields: Any) -> Message:
    values: dict[str, Any] = {
        "item_key": key,
        "idempotency_key": f"{key}:{language}:v1:publish@1",
        "action": "publish",
        "language": language,
        "title": f"Tin {key} ({language})",
        "url": f"https://portal.example/{language}/{key}/",
        "summary": "Tóm tắt",
        **fields,
    }
    return Message(**values)


def deliver(fleet: Fleet, message: Message) -> Any:
    return KioskAdapter().deliver(fleet.channel, message)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    api.forget_cached()
    yield
    api.forget_cached()


@pytest.fixture
def fleet(personas: Any) -> Fleet:
    """Group A belongs to district A (Minh's), group B to district B (Hùng's); one kiosk each."""
    group_a = actions.do_save_group(
        KioskGroup(agency=personas.district, name="Cổng A đến", slug="gate-a"), acting_user=None
    )
    group_b = actions.do_save_group(
        KioskGroup(agency=personas.other_district, name="Cổng B đến", slug="gate-b"),
        acting_user=None,
    )
    kiosk_a = actions.do_save_kiosk(
        Kiosk(group=group_a, name="A-01", terminal="T2", gate="3", languages=["vi", "en"]),
        acting_user=None,
    )
    kiosk_b = actions.do_save_kiosk(
        Kiosk(group=group_b, name="B-01", languages=["vi", "en"]), acting_user=None
    )
    for group in (group_a, group_b):
        actions.do_save_rule(
            PlaylistRule(
                group=group, categories=["news", "entry"], starts_at=time(0), ends_at=time(0)
            ),
            acting_user=None,
        )
    editor = UserFactory(username="ed")
    do_grant_role(editor, personas.lead, Role.EDITOR, acting_user=None)
    viewer = UserFactory(username="vy")
    do_grant_role(viewer, personas.district, Role.VIEWER, acting_user=None)
    channel = Channel.objects.create(name="Kiosks", kind="kiosk", config={})
    return Fleet(
        group_a,
        group_b,
        kiosk_a,
        kiosk_b,
        actions.do_issue_token(kiosk_a, acting_user=None),
        actions.do_issue_token(kiosk_b, acting_user=None),
        channel,
        editor,
        viewer,
    )
