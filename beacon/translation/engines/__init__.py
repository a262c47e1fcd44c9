"""Machine-translation engines: one module per engine, each with the same two names.

- ``LABEL``: the name shown to translators next to a segment the engine filled;
- ``translate(texts, source, target, config) -> list[str]``: one translation per text, in order,
  or ``EngineError`` with a message a translator can act on.

A new engine is a copy of one of these modules added to ``ENGINES``. Which one runs, and with
what address, key and time limit, comes from the ``BEACON_MT_*`` settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from beacon.translation.engines import ctranslate2, deepl, google, libretranslate

ENGINES: dict[str, ModuleType] = {
    "libretranslate": libretranslate,
    "deepl": deepl,
    "google": google,
    "ctranslate2": ctranslate2,
}


@dataclass(frozen=True)
class EngineConfig:
    url: str = ""
    api_key: str = ""
    timeout: float = 10.0
    model_dir: str = ""


@dataclass(frozen=True)
class BoundEngine:
    """An engine module with its configuration: what the pipeline calls."""

    name: str
    module: ModuleType
    config: EngineConfig

    @property
    def label(self) -> str:
        return str(self.module.LABEL)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        result: list[str] = self.module.translate(texts, source, target, self.config)
        return result


def get_engine(name: str, config: EngineConfig) -> BoundEngine:
    if name not in ENGINES:
        raise ImproperlyConfigured(
            f"BEACON_MT_ENGINE must be one of {', '.join(ENGINES)} or empty; got {name!r}"
        )
    return BoundEngine(name, ENGINES[name], config)


def configured_engine() -> BoundEngine | None:
    """The engine the settings name, or None when segments should wait for humans."""
    name = settings.BEACON_MT_ENGINE
    if not name:
        return None
    return get_engine(
        name,
        EngineConfig(
            url=settings.BEACON_MT_URL,
            api_key=settings.BEACON_MT_API_KEY,
            timeout=float(settings.BEACON_MT_TIMEOUT),
            model_dir=settings.BEACON_MT_MODEL_DIR,
        ),
    )
