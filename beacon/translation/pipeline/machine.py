"""Machine stage: the configured engine, with glossary terms protected, never blocking.

Segments go to the engine in one batch. If the engine fails (down, slow, wrong answer), every
segment of the batch gets no text and the engine's error: it waits for a human. A translation
whose inline markup (links, bold) differs from the source's is not used either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from beacon.translation.pipeline import glossary
from beacon.translation.pipeline.glossary import Term

_TAG = re.compile(r"</?([a-z][a-z0-9]*)\b[^>]*>", re.IGNORECASE)


class Engine(Protocol):
    @property
    def label(self) -> str: ...

    def translate(self, texts: list[str], source: str, target: str) -> list[str]: ...


class EngineError(Exception):
    """An engine could not translate: the message is shown to the translator."""


@dataclass(frozen=True)
class MachineResult:
    text: str | None
    error: str = ""


def _tags(text: str) -> list[str]:
    return sorted(match.group(0).lower() for match in _TAG.finditer(text))


def translate(
    engine: Engine, texts: Sequence[str], terms: Sequence[Term], source: str, target: str
) -> list[MachineResult]:
    if not texts:
        return []
    protected = [glossary.protect(text, terms) for text in texts]
    try:
        outputs = engine.translate(list(protected), source, target)
    except EngineError as exc:
        return [MachineResult(None, f"{engine.label}: {exc}") for _ in texts]
    if len(outputs) != len(texts):
        error = f"{engine.label}: {len(outputs)} translations for {len(texts)} segments"
        return [MachineResult(None, error) for _ in texts]
    results = []
    for text, output in zip(texts, outputs, strict=True):
        restored = glossary.unprotect(output).strip()
        if not restored:
            results.append(MachineResult(None, f"{engine.label}: empty translation"))
        elif _tags(glossary.unprotect(glossary.protect(text, terms))) != _tags(restored):
            results.append(
                MachineResult(None, f"{engine.label}: links or formatting differ from the source")
            )
        else:
            results.append(MachineResult(restored))
    return results
