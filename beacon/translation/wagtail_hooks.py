"""Translation in the admin: the glossary, the status board and the review screens."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.permissions import register_permission_policy

from beacon.core.guard import register_url_object
from beacon.core.permissions import AreaPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.translation import actions, admin_urls, admin_views
from beacon.translation.access import get_translation_for_user, get_translation_source_for_user
from beacon.translation.forms import GlossaryTermForm
from beacon.translation.models import GlossaryTerm

# wagtail-localize's translation editor (strings, overrides, PO files, machine translation,
# preview, disable) and its "update translations" route ask Beacon's translation access.
register_url_object("translation_id", get_translation_for_user)
register_url_object("translation_source_id", get_translation_source_for_user)

register_permission_policy(
    GlossaryTerm,
    AreaPermissionPolicy(
        GlossaryTerm, area="glossary", agency_field="pk", agency_of=lambda term: None
    ),
)


class _SaveThroughAction:
    """Create and edit views save through ``do_save_term`` (audit, conflict check)."""

    request: Any
    form: Any

    def save_instance(self) -> GlossaryTerm:
        return actions.do_save_term(self.form.save(commit=False), acting_user=self.request.user)


class GlossaryCreateView(_SaveThroughAction, generic.CreateView):
    pass


class GlossaryEditView(_SaveThroughAction, generic.EditView):
    pass


class GlossaryViewSet(BeaconModelViewSet):
    model = GlossaryTerm
    icon = "list-ul"
    menu_label = _("Glossary")
    url_prefix = "glossary"
    name = "translation_glossary"
    add_view_class = GlossaryCreateView
    edit_view_class = GlossaryEditView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("source_language"), FieldPanel("source_term")]),
            FieldRowPanel([FieldPanel("target_language"), FieldPanel("target_term")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("note")]),
        ],
        base_form_class=GlossaryTermForm,
    )
    list_display = ["source_term", "target_language", "target_term", "kind"]
    list_filter = ["target_language", "kind"]
    search_fields = ["source_term", "target_term"]
    copy_view_enabled = False
    add_to_admin_menu = True
    menu_order = 310


@hooks.register("register_admin_viewset")
def register_glossary() -> GlossaryViewSet:
    return GlossaryViewSet()


@hooks.register("register_admin_urls", order=-1)
def shadow_wagtail_localize_urls() -> list[Any]:
    """Ahead of wagtail-localize's own route at the same address (``admin_views.upload_pofile``)."""
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            admin_views.upload_pofile,
            name="translation_upload_pofile",
        )
    ]


@hooks.register("register_admin_urls")
def register_translation_urls() -> list[Any]:
    return [path("", include(admin_urls))]
