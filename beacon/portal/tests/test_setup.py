"""Setting up the portal from the command line, twice, changes nothing the second time."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from wagtail.models import Page, Site

from beacon.portal.models import HomePage


def test_it_sets_up_one_tree_per_language_and_keeps_it_on_a_second_run(personas: Any) -> None:
    out = io.StringIO()
    call_command("set_up_portal", stdout=out)
    assert "Cổng thông tin đối ngoại (+2 languages)" in out.getvalue()
    pages = Page.objects.count()
    call_command("set_up_portal", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert {home.locale.language_code for home in HomePage.objects.all()} == {"vi", "en", "fr"}
    assert Site.objects.get(is_default_site=True).root_page.specific.locale.language_code == "vi"
    # Named in the office's language (Wagtail shows "Submit to <name>"), set up once.
    workflow = HomePage.objects.get(locale__language_code="vi").get_workflow()
    assert workflow.name == "Xuất bản"
    assert [t.name for t in workflow.tasks.order_by("workflow_tasks__sort_order")] == [
        "Bản dịch đã được duyệt",
        "Phê duyệt của người duyệt",
    ]
    # An installation set up with the English defaults gets them renamed.
    workflow.name = "Publication"
    workflow.save()
    call_command("set_up_portal", stdout=io.StringIO())
    workflow.refresh_from_db()
    assert workflow.name == "Xuất bản"
