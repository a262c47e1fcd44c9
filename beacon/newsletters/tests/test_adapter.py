"""The newsletter adapter, called as the outbox calls it: items filed into pending digests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from beacon.dissemination.adapters import REGISTRY, adapter_for
from beacon.newsletters.adapter import NewsletterAdapter
from beacon.newsletters.models import Digest, DigestStatus
from beacon.newsletters.tests.conftest import Lists, message


def _pending(newsletter: Any) -> Digest:
    return Digest.objects.get(newsletter=newsletter, status=DigestStatus.PENDING)


def test_it_is_registered_for_the_newsletter_kind() -> None:
    assert REGISTRY["newsletter"] is NewsletterAdapter
    assert isinstance(adapter_for("newsletter"), NewsletterAdapter)


def test_it_files_an_item_into_the_lists_of_its_language_only(lists: Lists) -> None:
    receipt = NewsletterAdapter().deliver(lists.channel, message("a", "vi"))
    assert receipt.acknowledged is False
    assert "Bản tin Hà Nội" in receipt.detail
    digest = _pending(lists.vi)
    assert [e["item_key"] for e in digest.entries] == ["a"]
    assert digest.entries[0]["delivery_keys"] == ["a:vi:publish:1"]
    assert digest.scheduled_for > timezone.now()
    assert timezone.localtime(digest.scheduled_for).weekday() == 0
    assert not Digest.objects.filter(newsletter=lists.fr).exists()


def test_it_replaces_an_updated_item_and_keeps_every_delivery_to_acknowledge(lists: Lists) -> None:
    adapter = NewsletterAdapter()
    adapter.deliver(lists.channel, message("a", "vi"))
    adapter.deliver(lists.channel, message("b", "vi"))
    adapter.deliver(lists.channel, message("a", "vi", action="update", version=2, title="Tin mới"))
    entries = _pending(lists.vi).entries
    assert [(e["item_key"], e["title"]) for e in entries] == [("a", "Tin mới"), ("b", "Tin b")]
    assert entries[0]["delivery_keys"] == ["a:vi:publish:1", "a:vi:update:2"]
    old = adapter.deliver(lists.channel, message("a", "vi", action="update", version=1))
    assert old.acknowledged is True
    assert _pending(lists.vi).entries[0]["title"] == "Tin mới"


def test_it_removes_a_withdrawn_item_not_yet_mailed(lists: Lists) -> None:
    adapter = NewsletterAdapter()
    adapter.deliver(lists.channel, message("a", "vi"))
    receipt = adapter.deliver(lists.channel, message("a", "vi", action="withdraw"))
    assert receipt.acknowledged is True
    assert "Removed" in receipt.detail
    assert _pending(lists.vi).entries == []


def test_it_cannot_recall_an_item_already_mailed(lists: Lists) -> None:
    adapter = NewsletterAdapter()
    adapter.deliver(lists.channel, message("a", "vi"))
    Digest.objects.filter(newsletter=lists.vi).update(status=DigestStatus.SENT)
    receipt = adapter.deliver(lists.channel, message("a", "vi", action="withdraw"))
    assert receipt.detail == "Not in any digest still to be mailed."
    assert _pending(lists.vi).entries == []
    assert Digest.objects.get(status=DigestStatus.SENT).entries[0]["item_key"] == "a"


def test_it_files_new_items_into_the_next_digest_while_one_is_being_mailed(lists: Lists) -> None:
    adapter = NewsletterAdapter()
    adapter.deliver(lists.channel, message("a", "vi"))
    sending = _pending(lists.vi)
    sending.status = DigestStatus.SENDING
    sending.save()
    adapter.deliver(lists.channel, message("b", "vi"))
    following = _pending(lists.vi)
    assert following.pk != sending.pk
    assert following.period_start == sending.scheduled_for
    assert [e["item_key"] for e in following.entries] == ["b"]


def test_it_says_so_when_no_list_takes_the_item(lists: Lists) -> None:
    receipt = NewsletterAdapter().deliver(lists.channel, message("a", "ko"))
    assert receipt.acknowledged is True
    assert "No newsletter list" in receipt.detail
    lists.vi.is_active = False
    lists.vi.save()
    assert NewsletterAdapter().deliver(lists.channel, message("b", "vi")).acknowledged is True
    assert not Digest.objects.exists()


def test_it_keeps_to_the_lists_a_channel_names(lists: Lists) -> None:
    lists.channel.config = {"lists": ["another"]}
    lists.channel.save()
    receipt = NewsletterAdapter().deliver(lists.channel, message("a", "vi"))
    assert receipt.acknowledged is True
    assert not Digest.objects.exists()


def test_it_matches_themes_by_title_slug_or_translation_key(lists: Lists, personas: Any) -> None:
    from beacon.portal.models import ThemePage
    from beacon.portal.setup import do_set_up_portal

    tree = do_set_up_portal()
    theme = ThemePage(title="Đầu tư", slug="dau-tu")
    tree.sections["themes"].add_child(instance=theme)
    lists.vi.themes.add(theme)
    adapter = NewsletterAdapter()
    adapter.deliver(lists.channel, message("other", "vi", topics=("van-hoa",)))
    adapter.deliver(lists.channel, message("by-slug", "vi", topics=("dau-tu",)))
    adapter.deliver(lists.channel, message("by-key", "vi", topics=(str(theme.translation_key),)))
    adapter.deliver(lists.channel, message("by-title", "vi", topics=("Đầu tư",)))
    adapter.deliver(lists.channel, message("none", "vi"))
    keys = [e["item_key"] for e in _pending(lists.vi).entries]
    assert keys == ["by-slug", "by-key", "by-title"]
