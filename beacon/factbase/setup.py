"""Setting up the fact base: the facts' workflow, and the portal's "Fact checks" section.

Idempotent; called by ``beacon set_up_factbase``, the demo loader and tests.
"""

from __future__ import annotations

from anyascii import anyascii
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Workflow, WorkflowContentType, WorkflowTask

from beacon.factbase.models import Fact, FactCheckIndexPage
from beacon.portal.models import HomePage
from beacon.portal.workflow import ReviewerApprovalTask

TITLES = {
    "vi": "Kiểm chứng thông tin", "en": "Fact checks", "fr": "Vérifications",
    "zh": "事实核查", "ja": "ファクトチェック", "ko": "팩트체크", "ru": "Проверка фактов",
}  # fmt: skip
SLUG = "kiem-chung"
FACT_WORKFLOW = "Fact approval"


@transaction.atomic
def fact_check_index(source_language: str) -> FactCheckIndexPage:
    """The index in the source language, and its translations in every other portal language."""
    source = Locale.objects.get(language_code=source_language)
    home = HomePage.objects.filter(locale=source, depth=2).first()
    if home is None:
        raise LookupError("the portal is not set up: run set_up_portal")
    section = FactCheckIndexPage.objects.child_of(home).first()
    if section is None:
        section = FactCheckIndexPage(
            title=TITLES.get(source_language, TITLES["en"]),
            slug=SLUG,
            live=True,
            show_in_menus=True,
        )
        home.add_child(instance=section)
        section.save_revision().publish()
    for other_home in HomePage.objects.filter(depth=2).exclude(locale=source):
        locale = other_home.locale
        if section.get_translation_or_none(locale) is not None:
            continue
        copy = section.copy_for_translation(locale)
        copy.title = TITLES.get(locale.language_code, TITLES["en"])
        copy.slug = slugify(anyascii(copy.title)) or copy.slug
        copy.save()
        copy.save_revision().publish()
    return section


@transaction.atomic
def fact_workflow() -> Workflow:
    """The facts' workflow: a reviewer of the fact's agency approves, never one of its authors.

    It reuses the portal's reviewer task (it reads ``obj.specific.agency``, which a fact has).
    """
    workflow = Workflow.objects.filter(name=FACT_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=FACT_WORKFLOW, active=True)
        task = ReviewerApprovalTask.objects.create(name="Fact review")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Fact), defaults={"workflow": workflow}
    )
    return workflow
