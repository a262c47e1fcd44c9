"""A moderated story becomes a portal story page, so translation, kiosks and feeds follow.

The page goes under the news section of the story's language when the portal has one in that
language, else under the source language's; from there the translation workflow offers it to
translators like any page, and the outbox sends it to every channel when it is published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from beacon.outreach.models import CommunityStory, Licence
from beacon.portal.models import NewsIndexPage, StoryPage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _news_index(language: str) -> NewsIndexPage:
    locale = Locale.objects.filter(language_code=language).first()
    index = NewsIndexPage.objects.filter(locale=locale).first() if locale else None
    if index is None:
        index = NewsIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = NewsIndexPage.objects.order_by("pk").first()
    if index is None:
        raise LookupError("the portal has no news section")
    return index


def _body(story: CommunityStory) -> str:
    paragraphs = [p.strip() for p in story.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    credit = _("Story and photos by %(author)s, licence: %(licence)s.") % {
        "author": story.author_name,
        "licence": Licence(story.licence).label,
    }
    return "".join(f"<p>{escape(p)}</p>" for p in [*paragraphs, credit])


def publish_story(story: CommunityStory, acting_user: User | AnonymousUser | None) -> StoryPage:
    index = _news_index(story.language)
    photo = story.photos.select_related("image").first()
    page = StoryPage(
        title=story.title,
        slug=f"{slugify(story.title, allow_unicode=False)[:40] or 'story'}-{story.pk}",
        summary=story.body[:200].rsplit(" ", 1)[0] + "…" if len(story.body) > 200 else story.body,
        body=_body(story),
        place=story.place,
        agency=story.agency,
        image=photo.image if photo else None,
    )
    index.add_child(instance=page)
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    # The moderator's right to publish is the outreach policy (checked by the action), not the
    # page tree's publish permission, which a district's editor holds only through a workflow.
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page
