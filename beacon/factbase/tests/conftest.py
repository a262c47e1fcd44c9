"""The fact desk on top of the newsroom: an analyst, the transport department and its facts.

Besides the newsroom (editor Hoa, translators Pierre and Emma, reviewer Thu, portal set up in
vi/en/fr): Tuấn, analyst of the lead agency; the transport department with its officer Nga;
the facts' workflow. ``approved_fact`` takes a fact through that workflow like people do.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from beacon.core.actions import do_grant_role
from beacon.core.roles import AgencyKind, Role
from beacon.monitoring.tests.conftest import web  # noqa: F401
from beacon.portal.tests.fixtures import (  # noqa: F401
    eager_tasks,
    loopback_server,
    newsroom,
)

METRO_VI = (
    "Tuyến metro số 3 Nhổn – ga Hà Nội chở trung bình 32.000 lượt hành khách mỗi ngày "
    "trong tháng 10 năm 2025."
)
METRO = {
    "fr": "La ligne 3 du métro de Hanoï (Nhổn – gare de Hanoï) a transporté en moyenne "
    "32 000 passagers par jour en octobre 2025.",
    "en": "Hanoi metro line 3 (Nhon – Hanoi station) carried an average of 32,000 passengers "
    "a day in October 2025.",
}
PARKS_VI = "Hà Nội có 112 công viên và vườn hoa công cộng năm 2024."
PARKS = {
    "fr": "Hanoï compte 112 parcs et jardins publics en 2024.",
    "en": "Hanoi has 112 public parks and gardens in 2024.",
}


@dataclass
class Desk:
    newsroom: Any
    personas: Any
    analyst: Any
    transport: Any
    transport_officer: Any
    reviewer: Any
    approved_fact: Callable[..., Any]


def make_fact(agency: Any, statement: str, translations: dict[str, str], **fields: Any) -> Any:
    from beacon.factbase.models import Evidence, Fact, FactTranslation

    fact = Fact(agency=agency, language="vi", statement=statement, live=False, **fields)
    for language, text in translations.items():
        fact.translations.add(FactTranslation(language=language, statement=text))
    fact.evidence.add(
        Evidence(
            kind="statistic",
            title="Lượt khách bình quân ngày",
            value="32000",
            unit="lượt/ngày",
            source="Sở Giao thông vận tải",
            as_of=datetime.date(2025, 10, 31),
        )
    )
    fact.evidence.add(Evidence(kind="link", title="Báo cáo", url="https://sogtvt.example/bao-cao"))
    fact.full_clean()
    fact.save()
    return fact


@pytest.fixture
def desk(newsroom: Any) -> Desk:  # noqa: F811
    from beacon.core.tests.factories import AgencyFactory, UserFactory
    from beacon.factbase.setup import fact_workflow

    personas = newsroom.personas
    analyst = UserFactory(username="tuan", first_name="Tuấn")
    do_grant_role(analyst, personas.lead, Role.ANALYST, acting_user=None)
    transport = AgencyFactory(
        code="SGTVT", name="Sở Giao thông vận tải", kind=AgencyKind.DEPARTMENT
    )
    officer = UserFactory(username="nga", first_name="Nga")
    do_grant_role(officer, transport, Role.OFFICER, acting_user=None)
    fact_workflow()

    def approved_fact(statement: str, translations: dict[str, str], **fields: Any) -> Any:
        fact = make_fact(transport, statement, translations, **fields)
        fact.save_revision(user=officer)
        workflow = fact.get_workflow()
        workflow.start(fact, officer)
        task_state = fact.current_workflow_task_state
        task_state.task.specific.on_action(task_state, newsroom.reviewer, "approve")
        fact.refresh_from_db()
        assert fact.live
        return fact

    return Desk(newsroom, personas, analyst, transport, officer, newsroom.reviewer, approved_fact)
