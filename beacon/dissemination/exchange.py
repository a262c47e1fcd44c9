"""Two channels without a push: a folder of ninjs files, and a pull feed partners poll.

``file`` writes each version of an item as a ninjs JSON file into ``var/exchange/<folder>/``
(settings: ``{"folder": "name"}``), for offline exchange (a removable disk, an rsync job, an
air-gapped partner). The file is written to a temporary name and renamed, so a reader never sees
half a file; writing it again (a worker died after writing) replaces it with the same bytes.

``feed`` puts the item in the channel's pull feed (``feeds.py``); the delivery is *sent* when the
item is in the feed and *acknowledged* when a partner with a valid token has fetched the page
that lists it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from beacon.dissemination import ninjs
from beacon.dissemination.adapters import Message, PermanentError, Receipt, reason, register
from beacon.dissemination.models import Channel

_FOLDER = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


BAD_FOLDER = reason(
    gettext_noop("The folder %(name)s is not a simple name (lower-case letters, digits, - and _).")
)


def exchange_folder(channel: Channel) -> Path:
    """The channel's folder under ``var/exchange``; a name, never a path, so no escaping it."""
    name = str(channel.config.get("folder", ""))
    if not _FOLDER.match(name):
        raise PermanentError(BAD_FOLDER, name=repr(name))
    return Path(settings.VAR_DIR) / "exchange" / name


@register
class FileExchange:
    kind: ClassVar[str] = "file"
    label: ClassVar[str | Promise] = _("ninjs files in a folder (offline exchange)")

    def deliver(self, channel: Channel, message: Message) -> Receipt:
        folder = exchange_folder(channel)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{message.item_key}.{message.language}.v{message.version}.json"
        target = folder / name
        partial = folder / f".{name}.{os.getpid()}.part"
        partial.write_text(json.dumps(ninjs.document(message), ensure_ascii=False, indent=1))
        partial.replace(target)
        return Receipt(remote_id=name, detail=str(target), acknowledged=True)


@register
class PullFeed:
    kind: ClassVar[str] = "feed"
    label: ClassVar[str | Promise] = _("pull feed for partners (ninjs JSON and Atom)")

    def deliver(self, channel: Channel, message: Message) -> Receipt:
        return Receipt(detail="in the pull feed", acknowledged=False)
