"""Source kinds: each module reads one kind of answer into entries, with the same functions.

A kind is a module with ``KIND``, ``LABEL`` and ``entries(body, url, content_type) -> Found``,
listed in ``REGISTRY``; a new kind is made by copying one of them.
"""

from __future__ import annotations

from types import ModuleType

from beacon.monitoring.sources import feed, page, sitemap
from beacon.monitoring.sources.base import Entry, Found, SourceFormatError

REGISTRY: dict[str, ModuleType] = {module.KIND: module for module in (feed, sitemap, page)}

__all__ = ["REGISTRY", "Entry", "Found", "SourceFormatError", "kind_choices"]


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, module.LABEL) for kind, module in REGISTRY.items()]
