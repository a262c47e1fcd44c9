"""The contract between the outbox and the channels it delivers to.

The outbox knows nothing of HTTP, e-mail or kiosks: it hands an adapter one ``Message`` (one item
in one language, frozen when the item was approved) and records what comes back. An adapter says
how it went by returning a ``Receipt`` or raising ``TemporaryError`` (try again later, with
backoff) or ``PermanentError`` (retrying cannot help: the delivery is dead, with the reason).
Adapters register themselves under a kind; a ``Channel`` row names its kind and carries the
adapter's settings (never a secret: those are named by environment variable). An adapter whose
posts are approved one by one (social) says ``holds_for_approval = True``: a published page then
gets a held delivery on its channels, released when the post is approved.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop

if TYPE_CHECKING:
    from beacon.dissemination.models import Channel

Action = Literal["publish", "update", "withdraw"]
Urgency = Literal["normal", "emergency"]


@dataclass(frozen=True)
class Message:
    """One item in one language, as it stood when it was approved.

    ``item_key`` stays the same across updates and the withdrawal of an item, so receivers can
    replace or remove what they hold; ``idempotency_key`` is unique to one delivery, so a receiver
    that sees it twice (a worker died after sending, before recording) keeps one copy.
    """

    item_key: str
    idempotency_key: str
    action: Action
    language: str
    title: str
    url: str
    version: int = 1
    summary: str = ""
    body_html: str = ""
    image_url: str = ""
    image_alt: str = ""
    published_at: datetime | None = None
    topics: tuple[str, ...] = ()
    urgency: Urgency = "normal"
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        data["topics"] = list(self.topics)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        values = dict(data)
        if values.get("published_at"):
            values["published_at"] = datetime.fromisoformat(values["published_at"])
        values["topics"] = tuple(values.get("topics") or ())
        return cls(**values)


@dataclass(frozen=True)
class Receipt:
    """What the receiver answered: its id for the item, and whether it confirmed receipt.

    ``acknowledged`` is true when the answer itself proves delivery (a 2xx with the receiver's id);
    channels whose proof comes later (a kiosk fetching its playlist, a digest being mailed) return
    False and call ``outbox.acknowledge`` when it comes.
    """

    remote_id: str = ""
    detail: str = ""
    acknowledged: bool = True


class DeliveryError(Exception):
    """A delivery that did not go through; the message is shown on the delivery board.

    The message is stored in English (the worker has no reader's language); a message made from a
    reason registered with ``reason`` is translated when it is shown (``display_reason``).
    """

    def __init__(self, text: str, **params: object) -> None:
        super().__init__(text % params if params else text)


# Reason texts adapters raise, as (pattern matching the stored English text, msgid).
KNOWN_REASONS: list[tuple[re.Pattern[str], str]] = []


def reason(msgid: str) -> str:
    """Register a reason text (a ``gettext_noop`` msgid, ``%(name)s`` for its values).

    Registering at import keeps the list complete in every process: the web process that shows
    the board imports the same adapter modules as the worker that stored the reason.
    """
    parts = re.split(r"%\((\w+)\)([sd])", msgid)
    pattern, seen = "", set()
    for i in range(0, len(parts), 3):
        pattern += re.escape(parts[i])
        if i + 2 < len(parts):
            name, kind = parts[i + 1], parts[i + 2]
            if name in seen:
                pattern += f"(?P={name})"
            else:
                pattern += f"(?P<{name}>-?\\d+)" if kind == "d" else f"(?P<{name}>.*?)"
            seen.add(name)
    KNOWN_REASONS.append((re.compile(pattern, re.DOTALL), msgid))
    return msgid


def display_reason(text: str) -> str:
    """The stored reason in the reader's language when it is a known one, else as stored."""
    for pattern, msgid in KNOWN_REASONS:
        found = pattern.fullmatch(text)
        if not found:
            continue
        if not found.groupdict():
            return gettext(msgid)
        # A reason may quote another (the last error of a delivery given up on): translate it too.
        values: dict[str, object] = {
            name: int(value) if value.lstrip("-").isdigit() else display_reason(value)
            for name, value in found.groupdict().items()
        }
        return gettext(msgid) % values
    return text


class TemporaryError(DeliveryError):
    """The receiver is down, slow, or answered 5xx or garbage: try again with backoff."""


class PermanentError(DeliveryError):
    """Trying again cannot help (refused credentials, 4xx, a message the channel cannot carry)."""


class Adapter(Protocol):
    kind: ClassVar[str]
    label: ClassVar[str | Promise]  # a gettext_lazy string, shown in the channel form

    def deliver(self, channel: Channel, message: Message) -> Receipt: ...


REGISTRY: dict[str, type[Adapter]] = {}


def register(adapter: type[Adapter]) -> type[Adapter]:
    """Class decorator: make an adapter available to channels of its kind."""
    if adapter.kind in REGISTRY and REGISTRY[adapter.kind] is not adapter:
        raise ValueError(f"Two adapters claim the channel kind {adapter.kind!r}.")
    REGISTRY[adapter.kind] = adapter
    return adapter


NO_ADAPTER = reason(gettext_noop("No adapter is installed for channel kind %(kind)s."))


def adapter_for(kind: str) -> Adapter:
    try:
        return REGISTRY[kind]()
    except KeyError:
        raise PermanentError(NO_ADAPTER, kind=kind) from None


def kind_choices() -> list[tuple[str, str]]:
    return sorted((kind, str(adapter.label)) for kind, adapter in REGISTRY.items())


def kind_label(kind: str) -> str:
    """The channel kind's name in the reader's language (the raw kind for an uninstalled one)."""
    adapter = REGISTRY.get(kind)
    return str(adapter.label) if adapter else kind
