"""Writing the audit trail: snapshots of a model's fields and the difference between two of them."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import TYPE_CHECKING, Any

from django.db import models

from beacon.core.models import Agency, AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the log."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete, editable field values of an instance, foreign keys by id."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        values[field.attname] = _plain(getattr(instance, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field name to [before, after] for every field whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
    agency: Agency | None = None,
) -> AuditEvent:
    """Write one audit event; call it inside the transaction of the change it describes."""
    meta = instance._meta
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor.get_username()
        if actor is not None and actor.is_authenticated
        else "system",
        action=action,
        object_type=f"{meta.app_label}.{meta.model_name}",
        object_id=str(instance.pk or ""),
        object_repr=str(instance)[:255],
        agency=agency,
        changes=changes or {},
    )
