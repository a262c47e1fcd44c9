"""Cleaning HTML that comes from outside (feeds, pages, pasted text) before it is stored or shown.

One allow-list for the whole project, applied with nh3 (the Rust ammonia sanitiser): structure
and links survive; scripts, styles, event handlers, iframes and `javascript:` URLs do not.
"""

from __future__ import annotations

import html as html_entities

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
        "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitise_html(html: str) -> str:
    """Return HTML safe to show in Beacon's pages; links get rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """The text of an HTML fragment with every tag removed (for titles, summaries, indexing)."""
    # nh3 returns HTML (entities escaped); plain text is unescaped once, and escaped again
    # by whatever shows it (templates, CSV, JSON-LD).
    return html_entities.unescape(nh3.clean(html, tags=set())).strip()
