"""The suggested post for a published item: title, summary, link and hashtags, trimmed to fit.

The suggestion is only a start; people edit it before it is submitted. Trimming keeps what
matters most: the link and the title stay; the summary is shortened at a word boundary (with an
ellipsis) or dropped; then hashtags are dropped from the last.
"""

from __future__ import annotations

import regex

from beacon.social.platforms import Platform, compose

_NOT_TAG = regex.compile(r"[^\p{L}\p{N}]+")


def hashtag(words: str) -> str:
    """'Di sản văn hoá' → '#DiSảnVănHoá' (letters of every script kept; spaces, punctuation not)."""
    parts = [part for part in _NOT_TAG.split(words) if part]
    return "#" + "".join(part[:1].upper() + part[1:] for part in parts) if parts else ""


def suggest(
    platform: Platform, *, title: str, summary: str, url: str, tags: list[str]
) -> tuple[str, str]:
    """The text and hashtags of a post that fits the platform's limit."""
    hashtags = [tag for tag in dict.fromkeys(hashtag(t) for t in tags) if tag]
    summary = " ".join(summary.split())
    while True:
        text = _body(title, summary, url)
        if platform.fits(compose(text, " ".join(hashtags))):
            return text, " ".join(hashtags)
        if summary:
            summary = _shorter(summary)
        elif hashtags:
            hashtags.pop()
        else:
            return _body(_fit_title(platform, title, url), "", url), ""


def _body(title: str, summary: str, url: str) -> str:
    return "\n\n".join(part for part in (title.strip(), summary, url) if part)


def _shorter(summary: str) -> str:
    """Drop the last word (and any ellipsis); nothing left means no summary."""
    words = summary.rstrip("…").split()[:-1]
    return " ".join(words) + "…" if words else ""


def _fit_title(platform: Platform, title: str, url: str) -> str:
    words = title.split()
    while words and not platform.fits(_body(" ".join(words) + "…", "", url)):
        words.pop()
    return " ".join(words) + "…" if words else ""
