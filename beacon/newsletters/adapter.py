"""The newsletter channel: the outbox hands it items, the weekly or monthly digest mails them.

Filing an item is not delivering it: the receipt says which digests hold it and is not an
acknowledgement; the deliveries are acknowledged when their digest has been mailed
(``mailing.finish_digest``).
"""

from __future__ import annotations

from typing import ClassVar

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from beacon.dissemination.adapters import Message, PermanentError, Receipt, reason, register
from beacon.dissemination.models import Channel
from beacon.newsletters.filing import file_item, lists_for
from beacon.newsletters.models import Digest, DigestStatus

UNKNOWN_ACTION = reason(gettext_noop("Unknown action %(action)s."))


@register
class NewsletterAdapter:
    kind: ClassVar[str] = "newsletter"
    label: ClassVar[str | Promise] = _("Newsletter digests")

    def deliver(self, channel: Channel, message: Message) -> Receipt:
        if message.action not in ("publish", "update", "withdraw"):
            raise PermanentError(UNKNOWN_ACTION, action=repr(message.action))
        lists = list(lists_for(channel, message))
        if not lists:
            return Receipt(detail="No newsletter list takes this language and theme.")
        verdicts = {newsletter: file_item(newsletter, message) for newsletter in lists}
        if message.action == "withdraw":
            removed = [n.name for n, verdict in verdicts.items() if verdict == "removed"]
            if not removed:
                return Receipt(detail="Not in any digest still to be mailed.")
            return Receipt(detail="Removed from the digest of " + ", ".join(removed))
        filed = []
        for newsletter, verdict in verdicts.items():
            if verdict in ("added", "replaced"):
                digest = Digest.objects.get(newsletter=newsletter, status=DigestStatus.PENDING)
                when = timezone.localtime(digest.scheduled_for).strftime("%Y-%m-%d %H:%M")
                filed.append(f"{newsletter.name} ({when})")
        if not filed:
            return Receipt(detail="A newer version of this item is already in the digest.")
        return Receipt(
            remote_id=message.item_key,
            acknowledged=False,
            detail="In the digest of " + "; ".join(filed),
        )
