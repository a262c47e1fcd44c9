"""Screens of the social app. Each view fetches through ``access``, calls one action, renders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.social import access, actions, calendar
from beacon.social.export import build_pack
from beacon.social.forms import PeriodForm, PostedForm, PostForm, ReviewForm
from beacon.social.models import PostStatus
from beacon.social.platforms import PLATFORMS


def _require_reader(request: HttpRequest) -> None:
    if not access.can_read(request.user):
        raise PermissionDenied


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def post_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    posts = access.posts_for_user(request.user)
    status = request.GET.get("status", "")
    if status in PostStatus.values:
        posts = posts.filter(status=status)
    return TemplateResponse(
        request,
        "social/post_list.html",
        {
            "page_title": _("Social posts"),
            "header_icon": "comment",
            "posts": posts[:200],
            "statuses": PostStatus.choices,
            "status": status,
        },
    )


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request.user, pk)
    writable = access.can_write(request.user, post) and post.is_editable()
    form = PostForm(instance=post) if writable else None
    if request.method == "POST":
        post = access.get_post_for_user(request.user, pk, write=True)
        form = PostForm(request.POST, instance=post)
        if form.is_valid():
            try:
                actions.do_save_post(form.instance, acting_user=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The post is saved."))
                return redirect("social:post", pk=post.pk)
    platform = PLATFORMS[post.platform]
    return TemplateResponse(
        request,
        "social/post_detail.html",
        {
            "page_title": _("Social post"),
            "header_icon": "comment",
            "post": post,
            "form": form,
            "platform": platform,
            "length": post.length(),
            "can_submit": writable,
            "can_review": post.status == PostStatus.SUBMITTED
            and access.can_approve(request.user, post),
            "can_mark_posted": post.channel.kind == "export"
            and post.status in (PostStatus.APPROVED, PostStatus.POSTED)
            and access.can_write(request.user, post),
            "review_form": ReviewForm(),
            "posted_form": PostedForm(),
        },
    )


@require_POST
def post_submit(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request.user, pk, write=True)
    try:
        actions.do_submit_post(post, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("The post is submitted for approval."))
    return redirect("social:post", pk=pk)


@require_POST
def post_review(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("social:post", pk=pk)
    comment = form.cleaned_data["comment"]
    try:
        if form.cleaned_data["decision"] == "approve":
            actions.do_approve_post(post, acting_user=request.user, comment=comment)
            messages.success(request, _("The post is approved and handed to the outbox."))
        else:
            actions.do_reject_post(post, acting_user=request.user, comment=comment)
            messages.success(request, _("The post is sent back for changes."))
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    return redirect("social:post", pk=pk)


@require_POST
def post_mark_posted(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request.user, pk, write=True)
    form = PostedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the address of the post on the platform."))
        return redirect("social:post", pk=pk)
    try:
        actions.do_mark_posted(post, url=form.cleaned_data["url"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("The post is recorded as posted."))
    return redirect("social:post", pk=pk)


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def post_export(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request.user, pk)
    if post.status not in (PostStatus.APPROVED, PostStatus.POSTED):
        raise PermissionDenied(_("Only an approved post can be exported."))
    return _zip(build_pack([post]), f"beacon-post-{post.pk}.zip")


def day_export(request: HttpRequest) -> HttpResponse:
    """Every approved export post of one day (by its posting time), that the person may read."""
    _require_reader(request)
    form = PeriodForm(request.GET)
    day = (form.cleaned_data["day"] if form.is_valid() else None) or timezone.localdate()
    start, end = calendar.day_bounds(day)
    posts = access.posts_for_user(request.user).filter(
        channel__kind="export",
        status=PostStatus.APPROVED,
        scheduled_for__gte=start,
        scheduled_for__lt=end,
    )
    return _zip(build_pack(posts.order_by("scheduled_for", "pk")), f"beacon-posts-{day}.zip")


def content_calendar(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = PeriodForm(request.GET)
    cleaned: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    day = cleaned.get("day") or timezone.localdate()
    span = cleaned.get("span") or "week"
    days = calendar.month(day) if span == "month" else calendar.week(day)
    return TemplateResponse(
        request,
        "social/calendar.html",
        {
            "page_title": _("Content calendar"),
            "header_icon": "calendar",
            "calendar": calendar.build(request.user, days),
            "span": span,
            "previous": days[0] - timedelta(days=1),
            "next": days[-1] + timedelta(days=1),
            "today": timezone.localdate(),
            "form": form,
        },
    )
