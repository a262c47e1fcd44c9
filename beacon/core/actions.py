"""Every write to the city profile, agencies and roles goes through one of these functions.

Each runs in one transaction and writes its audit event in that same transaction, so a change
and its record stand or fall together. Admin views, imports and commands all call them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from beacon.core import audit, policy
from beacon.core.models import Agency, CityProfile, Membership
from beacon.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# Django permissions each role's group carries, on top of access to the Wagtail admin.
# Agency scoping is not expressed here but in policy.py; these only open the admin screens.
# Not auth.add_user nor auth.change_user: Wagtail's user forms offer "administrator" (superuser)
# and every group to whoever holds them, and let them set a superuser's password, so either one
# is the keys to everything. They come back with user forms that leave those out.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COORDINATOR: ["auth.view_user"],
}


def role_group_name(role: str) -> str:
    return f"beacon:{role}"


def role_group(role: str) -> Group:
    """The role's group, its permissions set to ROLE_PERMISSIONS (also in older databases)."""
    group, _created = Group.objects.get_or_create(name=role_group_name(role))
    wanted = set()
    for dotted in ["wagtailadmin.access_admin", *ROLE_PERMISSIONS.get(role, [])]:
        app_label, codename = dotted.split(".")
        wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if set(group.permissions.all()) != wanted:
        group.permissions.set(wanted)
    return group


def sync_role_groups(user: User) -> None:
    """Make the user's Beacon groups match the roles they hold, leaving other groups alone."""
    held = set(user.memberships.values_list("role", flat=True))  # type: ignore[attr-defined]
    for role in Role:
        group = role_group(role)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    policy.clear_cache(user)


def save_with_audit(
    instance: Any,
    *,
    acting_user: User | AnonymousUser | None,
    verb: str,
    agency: Any,
    snapshot: Callable[[Any], dict[str, Any]] = audit.snapshot,
) -> None:
    """Validate, save and audit one instance; the 'before' side is read from the database.

    Call it inside the action's transaction. The audit action is ``<model>.<verb>``. A model
    whose children are edited with it (a ClusterableModel's inline rows) passes a ``snapshot``
    that includes them, so that their changes are in the log too.
    """
    model = type(instance)
    before = snapshot(model._default_manager.get(pk=instance.pk)) if instance.pk else {}
    instance.full_clean()
    instance.save()
    audit.record(
        actor=acting_user,
        action=f"{model._meta.model_name}.{verb}",
        instance=instance,
        changes=audit.diff(before, snapshot(instance)),
        agency=agency,
    )


# Fields that place an agency in the tree: only someone who reaches every agency changes them.
_TREE_FIELDS = ("code", "kind", "parent_id", "is_active")


def _check_agency_write(user: User | AnonymousUser, agency: Agency) -> None:
    reach = policy.agency_ids_for(user, "agency", "write")
    if reach is policy.ALL_AGENCIES:
        return
    if agency.pk is None or agency.pk not in reach:
        raise PermissionDenied
    stored = Agency.objects.get(pk=agency.pk)
    if any(getattr(stored, name) != getattr(agency, name) for name in _TREE_FIELDS):
        raise PermissionDenied(_("Only the coordinator can move, recode or deactivate an agency."))


@transaction.atomic
def do_save_agency(agency: Agency, *, acting_user: User | AnonymousUser | None) -> Agency:
    """Create or update an agency, refusing duplicate codes, a second lead agency and cycles."""
    if acting_user is not None:
        _check_agency_write(acting_user, agency)
    verb = "update" if agency.pk else "create"
    save_with_audit(agency, acting_user=acting_user, verb=verb, agency=agency)
    return agency


@transaction.atomic
def do_delete_agency(agency: Agency, *, acting_user: User | AnonymousUser | None) -> None:
    """Remove an agency that has no units and no people; otherwise refuse: deactivate it."""
    if (
        acting_user is not None
        and policy.agency_ids_for(acting_user, "agency", "write") is not None
    ):
        raise PermissionDenied
    if agency.children.exists():
        raise ValidationError(_("This agency still has units under it; move or remove them first."))
    # Deleting would silently cascade to the memberships, unaudited, leaving the people in
    # their role groups; the roles are revoked first (audited) or the agency deactivated.
    if agency.memberships.exists():
        raise ValidationError(
            _("People still hold roles in this agency; revoke them or deactivate the agency.")
        )
    audit.record(
        actor=acting_user,
        action="agency.delete",
        instance=agency,
        changes=audit.diff(audit.snapshot(agency), {}),
    )
    agency.delete()


@transaction.atomic
def do_save_city_profile(
    profile: CityProfile, *, acting_user: User | AnonymousUser | None
) -> CityProfile:
    if acting_user is not None and not policy.can(acting_user, "city", "write"):
        raise PermissionDenied
    save_with_audit(
        profile,
        acting_user=acting_user,
        verb="update" if profile.pk else "create",
        agency=None,
        snapshot=_city_snapshot,
    )
    return profile


def _city_snapshot(profile: CityProfile) -> dict[str, Any]:
    """The profile's fields and its name forms, which the admin edits on the same page."""
    forms = sorted([f.language, f.form, f.is_official] for f in profile.name_forms.all())
    return {**audit.snapshot(profile), "name_forms": forms}


@transaction.atomic
def do_grant_role(
    user: User, agency: Agency, role: str, *, acting_user: User | AnonymousUser | None
) -> Membership:
    """Give a person a role in an agency (idempotent) and open the admin screens it needs."""
    if acting_user is not None and not policy.can(acting_user, "people", "write", agency):
        raise PermissionDenied
    membership, created = Membership.objects.get_or_create(
        user=user, agency=agency, role=Role(role)
    )
    if created:
        audit.record(
            actor=acting_user,
            action="membership.create",
            instance=membership,
            changes=audit.diff({}, audit.snapshot(membership)),
            agency=agency,
        )
        sync_role_groups(user)
    return membership


@transaction.atomic
def do_revoke_role(membership: Membership, *, acting_user: User | AnonymousUser | None) -> None:
    if acting_user is not None and not policy.can(
        acting_user, "people", "write", membership.agency
    ):
        raise PermissionDenied
    audit.record(
        actor=acting_user,
        action="membership.delete",
        instance=membership,
        changes=audit.diff(audit.snapshot(membership), {}),
        agency=membership.agency,
    )
    user = membership.user
    membership.delete()
    sync_role_groups(user)


@transaction.atomic
def do_invite_person(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency,
    role: str,
    language: str,
    acting_user: User | AnonymousUser | None,
) -> User:
    """Create an account with a role in one agency and e-mail its owner a link to set a password.

    The account never has a password chosen by someone else, and no form lets a coordinator
    touch superuser status or Django groups: roles are granted only through memberships.
    """
    if acting_user is not None and not policy.can(acting_user, "people", "write", agency):
        raise PermissionDenied
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    audit.record(
        actor=acting_user,
        action="user.invite",
        instance=user,
        changes=audit.diff({}, {"username": username, "email": email, "language": language}),
        agency=agency,
    )
    do_grant_role(user, agency, role, acting_user=acting_user)
    transaction.on_commit(lambda: send_invitation(user.pk))
    return user


def send_invitation(user_id: int) -> None:
    """E-mail the link to choose a password, in the invited person's language."""
    user = User._default_manager.get(pk=user_id)
    language = UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE
    link = settings.BASE_URL + reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(language):
        subject = _("Your Beacon account")
        body = _(
            "Hello %(name)s,\n\nAn account has been opened for you in Beacon, with the user "
            "name %(username)s.\nChoose your password here (the link works once):\n%(link)s\n"
        ) % {"name": user.get_full_name() or user.username, "username": user.username, "link": link}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def do_enable_two_step_login(device: TOTPDevice, *, acting_user: User | AnonymousUser) -> None:
    """Confirm a TOTP device whose first code was checked: from now on each login asks for one."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=acting_user, action="totp.enable", instance=device)


@transaction.atomic
def do_disable_two_step_login(
    user: User | AnonymousUser, *, acting_user: User | AnonymousUser
) -> None:
    """Remove every TOTP device of the user (after the view checked their password)."""
    for device in TOTPDevice.objects.filter(user_id=user.pk):
        audit.record(actor=acting_user, action="totp.disable", instance=device)
        device.delete()
