"""The social platforms Beacon writes for, and how each one counts the length of a post.

Each platform counts differently, and a post that passes Beacon's check must pass the
platform's, so the counting follows theirs:

- Mastodon: grapheme clusters (its ``StatusLengthValidator``), every URL counts 23, a mention
  ``@user@domain`` counts as ``@user``.
- X: code points after NFC, weighted (Latin up to U+10FF and general punctuation 1, everything
  else 2: twitter-text's ranges), so CJK weighs 2, an emoji sequence 2, and so do Vietnamese
  letters with two marks (ộ, ề… are U+1Exx); every URL counts 23 (t.co).
- Bluesky: 300 grapheme clusters, URLs as written.
- Facebook, LinkedIn, Zalo: characters as written, with their own limits.

Only Mastodon has a live adapter; posts for the others go into an export pack that an officer
posts by hand. The image size is the one each platform recommends for a link or photo post; the
export pack resizes to fit inside it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_URL = regex.compile(r"https?://[^\s<>\"]+", regex.IGNORECASE)
_MENTION = regex.compile(r"(?<![\w/])@(\w+)@[\w.-]+\w", regex.UNICODE)
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
# twitter-text v3: code points in these ranges weigh 1, all others 2.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def graphemes(text: str) -> int:
    return len(_GRAPHEME.findall(text))


def _count_mastodon(text: str) -> int:
    text = _URL.sub("x" * 23, text)
    return graphemes(_MENTION.sub(r"@\1", text))


def _count_x(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in _URL.finditer(text):
        total += _x_weight(text[position : match.start()]) + 23
        position = match.end()
    return total + _x_weight(text[position:])


def _x_weight(text: str) -> int:
    """An emoji (ZWJ sequences and modifiers included) weighs 2, as with twitter-text's parser."""
    total = 0
    for cluster in _GRAPHEME.findall(text):
        if _EMOJI.search(cluster):
            total += 2
        else:
            total += sum(1 if _light(c) else 2 for c in cluster)
    return total


def _light(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in _X_LIGHT)


def _count_chars(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Platform:
    code: str
    label: str | Promise
    limit: int
    counter: str  # "mastodon", "x", "graphemes" or "chars"
    image_size: tuple[int, int]

    def length(self, text: str) -> int:
        return _COUNTERS[self.counter](text)

    def fits(self, text: str) -> bool:
        return self.length(text) <= self.limit


_COUNTERS = {
    "mastodon": _count_mastodon,
    "x": _count_x,
    "graphemes": graphemes,
    "chars": _count_chars,
}

PLATFORMS: dict[str, Platform] = {
    p.code: p
    for p in (
        Platform("mastodon", _("Mastodon"), 500, "mastodon", (1920, 1080)),
        Platform("x", _("X (Twitter)"), 280, "x", (1600, 900)),
        Platform("bluesky", _("Bluesky"), 300, "graphemes", (2000, 2000)),
        Platform("facebook", _("Facebook"), 63206, "chars", (1200, 630)),
        # Zalo Official Account posts: the office keeps them short; Zalo shows about this much.
        Platform("zalo", _("Zalo"), 2000, "chars", (1200, 630)),
        Platform("linkedin", _("LinkedIn"), 3000, "chars", (1200, 627)),
    )
}


def platform_choices() -> list[tuple[str, str | Promise]]:
    return [(code, platform.label) for code, platform in PLATFORMS.items()]


def compose(text: str, hashtags: str) -> str:
    """The text as it goes out: the body, then the hashtags on their own line."""
    tags = " ".join(tag if tag.startswith("#") else f"#{tag}" for tag in hashtags.split())
    return f"{text.rstrip()}\n\n{tags}" if tags else text.rstrip()
