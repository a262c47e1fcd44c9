"""One object-level guard for the admin's model screens.

Wagtail's generic views (edit, delete, inspect, lock, unlock, copy, revisions, workflow…) ask
most permissions of the model only: "may this user edit facts?", not "this fact?". Rather than
narrowing screen by screen, and missing the next one Wagtail adds, every view a Beacon viewset
builds goes through ``guarded()``:

1. the object named in the URL is looked up once; a person who may not read it gets a 404;
2. the view's permission policy is bound to that object, so every question a view asks of the
   model ("change", "lock", "publish"…) is answered for the object (``InstancePolicy``);
3. a view that asks no permission at all may not change the object unless the policy, or the
   workflow task the object waits on, lets this person change it;
4. a saved form is checked once more with the values it carries, so nobody can move an object
   to an agency they do not reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class InstancePolicy:
    """A permission policy bound to one object: questions about the model are asked of it."""

    def __init__(self, policy: Any, instance: Any) -> None:
        self.policy = policy
        self.instance = instance

    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(self.policy.user_has_permission_for_instance(user, action, self.instance))

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.policy, name)


def lookup(model: Any, pk: Any) -> Any:
    """The object of ``model`` named by a URL's pk, or None; a pk of the wrong form is None too."""
    try:
        value = model._meta.pk.to_python(unquote(str(pk)))
    except ValidationError:
        return None
    return model._default_manager.filter(pk=value).first()


def _may_change(user: Any, policy: Any, instance: Any) -> bool:
    if policy.user_has_permission_for_instance(user, "change", instance):
        return True
    task = getattr(instance, "current_workflow_task", None)
    return task is not None and bool(task.specific.user_can_access_editor(instance, user))


def _policy_of(model: Any) -> Any:
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(model) if model is not None else None


class ObjectGuardMixin:
    """The guard itself, put in front of every view class of a Beacon viewset."""

    request: HttpRequest
    model: Any
    permission_policy: Any
    produced_error_code: str
    produced_error_message: str

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.guarded_object = None
        # Wagtail's views that check no permission themselves (workflow actions, previews) have
        # no policy of their own: the model's is the one to ask.
        policy = getattr(self, "permission_policy", None) or _policy_of(self.model)
        if "pk" in kwargs and policy is not None:
            instance = lookup(self.model, kwargs["pk"])
            if instance is None:
                raise Http404
            if not policy.user_has_permission_for_instance(request.user, "view", instance):
                raise Http404
            self.guarded_object = instance
            self.permission_policy = InstancePolicy(policy, instance)
        super().setup(request, *args, **kwargs)  # type: ignore[misc]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.guarded_object
        asks_nothing = (
            getattr(self, "permission_required", None) is None
            and getattr(self, "any_permission_required", None) is None
        )
        if (
            instance is not None
            and asks_nothing
            and request.method not in SAFE_METHODS
            and not _may_change(request.user, self.permission_policy.policy, instance)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def form_valid(self, form: Any) -> HttpResponse:
        action = getattr(self, "permission_required", None)
        policy = getattr(self, "permission_policy", None)
        if (
            action in {"add", "change"}
            and policy is not None
            and hasattr(form, "instance")
            and not policy.user_has_permission_for_instance(
                self.request.user, action, form.instance
            )
        ):
            form.add_error(None, _("You may not file this under the agency you chose."))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined, no-any-return]
        return super().form_valid(form)  # type: ignore[misc, no-any-return]


@cache
def guarded(view_class: type) -> type:
    """``view_class`` with the object guard in front (one subclass per view class)."""
    return type(view_class.__name__, (ObjectGuardMixin, view_class), {})


AccessFunction = Callable[..., Any]
"""``access(user, pk, *, write=False)``: the object, or Http404 / PermissionDenied."""


@dataclass(frozen=True)
class UrlObject:
    """What a URL argument names, and whether a POST to the route changes that object."""

    access: AccessFunction
    written: bool = True


_URL_OBJECTS: dict[tuple[str | None, str], UrlObject] = {}


_ROUTE_CHECKS: dict[str, Callable[[Any], bool]] = {}


def register_route_check(view_name: str, check: Callable[[Any], bool]) -> None:
    """Answer the admin route named ``view_name`` only to those for whom ``check(user)`` holds.

    For the few Wagtail screens that show every agency's objects at once and name none.
    """
    _ROUTE_CHECKS[view_name] = check


def register_url_object(
    kwarg: str, access: AccessFunction, *, written: bool = True, namespace: str | None = None
) -> None:
    """Guard every admin route with the URL argument ``kwarg`` by the access function.

    With ``namespace``, only routes in that URL namespace (e.g. "pk" of Wagtail's page routes).
    """
    _URL_OBJECTS[(namespace, kwarg)] = UrlObject(access, written)


def model_of(view_func: Any) -> Any:
    """The model a class-based view works on (choosers name theirs as "app_label.Model")."""
    from django.apps import apps

    initkwargs = getattr(view_func, "view_initkwargs", None) or {}
    view_class = getattr(view_func, "view_class", None)
    model = initkwargs.get("model") or getattr(view_class, "model", None)
    if isinstance(model, str):
        return apps.get_model(model)
    # Some views work out their model per request (a property on the class): none known here.
    return model if isinstance(model, type) and issubclass(model, Model) else None


class AdminObjectGuardMiddleware:
    """Every admin route that names a registered object asks that object's access function.

    Wagtail's page screens and wagtail-localize's translation editor ask Wagtail's page
    permissions, which know nothing of agencies, roles or languages. The routes are many and
    Wagtail adds more; the URL arguments that name a page or a translation are few. Here the
    argument decides: each app registers its argument names with its access function
    (``register_url_object``), and a route that names such an object is answered only if the
    access function lets the person read it, or change it for a request that may write. A pk
    of the wrong form for the view's model is a 404, not a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        user = request.user
        match = request.resolver_match
        if not user.is_authenticated or match is None or not _in_admin(request):
            return
        check = _ROUTE_CHECKS.get(match.view_name)
        if check is not None and not check(user):
            raise PermissionDenied
        writes = request.method not in SAFE_METHODS
        namespace = match.namespace or None
        for kwarg, value in view_kwargs.items():
            rule = _URL_OBJECTS.get((namespace, kwarg)) or _URL_OBJECTS.get((None, kwarg))
            if rule is not None:
                pk = _int(value)
                rule.access(user, pk, write=writes and rule.written)
        _check_named_model(user, view_kwargs, request, writes)
        model = model_of(view_func)
        if model is not None and "pk" in view_kwargs and lookup(model, view_kwargs["pk"]) is None:
            raise Http404


def _in_admin(request: HttpRequest) -> bool:
    from django.urls import reverse

    return request.path_info.startswith(reverse("wagtailadmin_home"))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _named_pks(view_kwargs: dict[str, Any], request: HttpRequest) -> list[Any]:
    """The objects a route names by pk (or by "id" in the query, as bulk actions do)."""
    for kwarg in ("pk", "object_id"):
        if kwarg in view_kwargs:
            return [view_kwargs[kwarg]]
    return request.GET.getlist("id")


def _check_named_model(
    user: Any, view_kwargs: dict[str, Any], request: HttpRequest, writes: bool
) -> None:
    """Routes that name a model by app label and model name (snippet API, bulk actions, pings).

    Pages go to the page access function; Beacon's own models to their permission policy, for
    the listing and for each object named; Wagtail's own models keep Wagtail's permissions.
    """
    from django.apps import apps
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    if not {"app_label", "model_name"} <= view_kwargs.keys():
        return
    try:
        model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
    except (LookupError, ValueError):
        raise Http404 from None
    pks = _named_pks(view_kwargs, request)
    if issubclass(model, Page):
        for pk in pks:
            _URL_OBJECTS[(None, "page_id")].access(user, _int(pk), write=writes)
        return
    policy = policy_registry.get_by_type(model)
    if policy is None or not type(policy).__module__.startswith("beacon."):
        return
    if not policy.user_has_permission(user, "view"):
        raise Http404
    for pk in pks:
        instance = lookup(model, pk)
        if instance is None:
            raise Http404
        if not policy.user_has_permission_for_instance(user, "view", instance):
            raise Http404
        if writes and not _may_change(user, policy, instance):
            raise PermissionDenied
