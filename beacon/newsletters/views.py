"""The public newsletter pages: subscribe, confirm, unsubscribe. No cookie is ever set.

Forms post without Django's CSRF cookie (the portal sets none). The confirm and unsubscribe
pages are authorised by the keyed token in their URL, which a cross-site attacker cannot know;
the subscribe form carries a signed, time-limited token, a honeypot and a rate limit per
reader address, and double opt-in makes a forged subscription harmless. The unsubscribe URL
also answers RFC 8058 one-click POSTs from mail programs, which come without any cookie.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from beacon.newsletters import actions, tokens
from beacon.newsletters.forms import SubscribeForm
from beacon.newsletters.models import NewsletterList, Subscription, SubscriptionStatus
from beacon.portal.seo import locale_meta


def _page(
    request: HttpRequest, template: str, title: str, status: int = 200, **context: object
) -> HttpResponse:
    return render(
        request,
        f"newsletters/{template}.html",
        {"meta": locale_meta(request, title), **context},
        status=status,
    )


def _over_limit(request: HttpRequest) -> bool:
    """Count this connection's submissions in the hour, by a keyed hash of its address.

    The count lives in the cache only, for an hour, and the address is never stored.
    """
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]
    key = f"newsletters:rate:{digest}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > settings.BEACON_NEWSLETTER_RATE_LIMIT


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    lists = NewsletterList.objects.filter(is_active=True, language=translation.get_language())
    title = _("Newsletters")
    if request.method != "POST":
        form = SubscribeForm(lists=lists, initial={"token": tokens.form_token()})
        return _page(request, "subscribe", title, form=form, lists=lists)
    if _over_limit(request):
        return _page(request, "message", title, status=429, text=_(
            "Too many requests from your connection. Please try again in an hour."
        ))  # fmt: skip
    if request.POST.get("website"):  # a robot: answered like everyone, nothing done
        return HttpResponseRedirect(reverse("newsletters_check_mail"), status=303)
    form = SubscribeForm(request.POST, lists=lists)
    fresh = tokens.check_form_token(request.POST.get("token", ""))
    if form.is_valid() and fresh:
        actions.do_subscribe(form.cleaned_data["newsletter"], form.cleaned_data["email"])
        return HttpResponseRedirect(reverse("newsletters_check_mail"), status=303)
    if not fresh:
        form.add_error(None, _("This form has expired. Please send it again."))
    data = request.POST.copy()
    data["token"] = tokens.form_token()  # the next try gets a fresh token
    form.data = data
    return _page(request, "subscribe", title, status=400, form=form, lists=lists)


@never_cache
@require_GET
def check_mail(request: HttpRequest) -> HttpResponse:
    return _page(request, "message", _("Check your mailbox"), text=_(
        "If the address can receive this newsletter, a message with a confirmation link is on "
        "its way. Your subscription starts when you follow that link."
    ))  # fmt: skip


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return _page(request, "message", _("This link does not work"), status=404, text=_(
        "The link is not valid or has expired. You can subscribe again from the newsletter page."
    ))  # fmt: skip


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (mail scanners follow links); POST confirms."""
    subscription = tokens.check_confirm_token(token)
    if subscription is None:
        return _invalid_link(request)
    if request.method == "POST":
        subscription = actions.do_confirm(subscription)
    return _page(
        request, "confirm", _("Confirm your subscription"), subscription=subscription,
        confirmed=subscription.status == SubscriptionStatus.CONFIRMED,
    )  # fmt: skip


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; any POST unsubscribes at once (RFC 8058 one-click)."""
    found: Subscription | None = tokens.check_unsubscribe_token(token)
    if found is None:
        return _invalid_link(request)
    subscription = found
    if request.method == "POST":
        subscription = actions.do_unsubscribe(subscription)
    return _page(
        request, "unsubscribe", _("Unsubscribe"), subscription=subscription,
        done=subscription.status == SubscriptionStatus.UNSUBSCRIBED,
    )  # fmt: skip
