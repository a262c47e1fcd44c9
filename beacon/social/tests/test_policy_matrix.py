"""The ``social`` area as a matrix over HTTP: role x own or other agency x read, edit, approve.

Posts: A of district A, B of district B, C of ward A1 (a unit of district A, which district A's
officer and viewer reach). Outcomes: ``ok``; ``hidden`` (404); ``denied`` (403, or the admin
sends the person home); ``login`` (no admin access at all: the outsider).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from beacon.core.actions import do_grant_role
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.dissemination.models import Channel
from beacon.social.models import PostStatus, SocialPost
from beacon.social.tests.conftest import make_article

pytestmark = pytest.mark.django_db

OK, HIDDEN, DENIED, LOGIN = "ok", "hidden", "denied", "login"

READ = {
    "coordinator": {"A": OK, "B": OK, "C": OK},
    "officer": {"A": OK, "B": HIDDEN, "C": OK},
    "other_officer": {"A": HIDDEN, "B": OK, "C": HIDDEN},
    "reviewer": {"A": OK, "B": OK, "C": OK},
    "viewer": {"A": OK, "B": HIDDEN, "C": OK},
    "outsider": {"A": LOGIN, "B": LOGIN, "C": LOGIN},
}
EDIT = {
    "coordinator": {"A": OK, "B": OK, "C": OK},
    "officer": {"A": OK, "B": HIDDEN, "C": OK},
    "other_officer": {"A": HIDDEN, "B": OK, "C": HIDDEN},
    "reviewer": {"A": DENIED, "B": DENIED, "C": DENIED},
    "viewer": {"A": DENIED, "B": HIDDEN, "C": DENIED},
    "outsider": {"A": LOGIN, "B": LOGIN, "C": LOGIN},
}
REVIEW = {
    "coordinator": {"A": OK, "B": OK, "C": OK},
    "officer": {"A": DENIED, "B": HIDDEN, "C": DENIED},
    "other_officer": {"A": HIDDEN, "B": DENIED, "C": HIDDEN},
    "reviewer": {"A": OK, "B": OK, "C": OK},
    "viewer": {"A": DENIED, "B": HIDDEN, "C": DENIED},
    "outsider": {"A": LOGIN, "B": LOGIN, "C": LOGIN},
}


@pytest.fixture
def city(personas: Any) -> dict[str, Any]:
    reviewer = UserFactory(username="thu")
    do_grant_role(reviewer, personas.lead, Role.REVIEWER, acting_user=None)
    viewer = UserFactory(username="mai")
    do_grant_role(viewer, personas.district, Role.VIEWER, acting_user=None)
    channel = Channel.objects.create(name="X", kind="export", config={"platform": "x"})
    agencies = {"A": personas.district, "B": personas.other_district, "C": personas.ward}
    pages = {
        key: make_article(agency=agency, slug=f"item-{key.lower()}", title=f"Item {key}")
        for key, agency in agencies.items()
    }
    return {
        "people": {
            "coordinator": personas.coordinator,
            "officer": personas.officer,
            "other_officer": personas.other_officer,
            "reviewer": reviewer,
            "viewer": viewer,
            "outsider": personas.outsider,
        },
        "agencies": agencies,
        "pages": pages,
        "channel": channel,
        "author": UserFactory(username="author"),
    }


def make_post(city: dict[str, Any], key: str, status: str = PostStatus.DRAFT) -> SocialPost:
    SocialPost.objects.filter(page=city["pages"][key]).delete()
    return SocialPost.objects.create(
        channel=city["channel"],
        platform="x",
        page=city["pages"][key],
        agency=city["agencies"][key],
        language="en",
        text=f"Post {key}",
        status=status,
        submitted_by=city["author"],
    )


def outcome(response: Any) -> str:
    if response.status_code == 404:
        return HIDDEN
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return DENIED
    assert response.status_code in (200, 302), response.status_code
    return OK


def test_it_lets_each_role_read_only_its_agencys_posts(client: Any, city: dict[str, Any]) -> None:
    posts = {key: make_post(city, key) for key in "ABC"}
    for who, person in city["people"].items():
        client.force_login(person)
        listing = client.get(reverse("social:posts"))
        for key, post in posts.items():
            response = client.get(reverse("social:post", args=[post.pk]))
            assert outcome(response) == READ[who][key], (who, key)
            listed = listing.status_code == 200 and f"Item {key}" in listing.content.decode()
            assert listed == (READ[who][key] == OK), (who, key)


def test_it_lets_each_role_edit_only_its_agencys_posts(client: Any, city: dict[str, Any]) -> None:
    for who, person in city["people"].items():
        client.force_login(person)
        for key in "ABC":
            post = make_post(city, key)
            response = client.post(
                reverse("social:post", args=[post.pk]), {"text": f"Edited by {who}"}
            )
            assert outcome(response) == EDIT[who][key], (who, key)
            post.refresh_from_db()
            assert (post.text == f"Edited by {who}") == (EDIT[who][key] == OK), (who, key)


def test_it_lets_reviewers_and_the_coordinator_approve(client: Any, city: dict[str, Any]) -> None:
    for who, person in city["people"].items():
        client.force_login(person)
        for key in "ABC":
            post = make_post(city, key, PostStatus.SUBMITTED)
            response = client.post(
                reverse("social:review", args=[post.pk]), {"decision": "approve"}
            )
            assert outcome(response) == REVIEW[who][key], (who, key)
            post.refresh_from_db()
            assert (post.status == PostStatus.APPROVED) == (REVIEW[who][key] == OK), (who, key)
