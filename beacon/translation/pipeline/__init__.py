"""Pre-translation of segments: translation memory, then glossary, then a machine engine.

The stages, in order, for each segment still untranslated in a target language:

1. ``memory``: an exact or fuzzy match among earlier approved translations (with its score);
2. ``glossary``: a segment that is one official name gets its approved form;
3. ``machine``: the rest go in one batch to the configured engine, terms protected; on failure,
   the segment is left empty with the engine's error;
4. every filled segment is checked against the glossary; missing approved terms are flagged.

Plain data in, plain data out: the database work is in ``beacon.translation.actions``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from beacon.translation.pipeline import glossary, machine, memory
from beacon.translation.pipeline.glossary import Term
from beacon.translation.pipeline.machine import Engine
from beacon.translation.pipeline.memory import MemoryEntry

MEMORY = "memory"
GLOSSARY = "glossary"
MACHINE = "machine"
NONE = "none"


@dataclass(frozen=True)
class Options:
    source: str
    target: str
    fuzzy_threshold: float = 0.75
    engine: Engine | None = None


@dataclass
class Suggestion:
    text: str | None
    origin: str
    score: float | None = None
    engine: str = ""
    error: str = ""
    missing_terms: list[Term] = field(default_factory=list)


def pretranslate(
    texts: Sequence[str],
    *,
    memory_for: Callable[[str], Sequence[MemoryEntry]],
    terms: Sequence[Term],
    options: Options,
) -> list[Suggestion]:
    """One suggestion per text, in order."""
    suggestions: list[Suggestion | None] = []
    for text in texts:
        match = memory.best_match(text, memory_for(text), options.fuzzy_threshold)
        term = glossary.whole(text, terms)
        if match is not None:
            suggestions.append(Suggestion(match.entry.target, MEMORY, score=match.score))
        elif term is not None:
            suggestions.append(Suggestion(term.target, GLOSSARY, score=1.0))
        else:
            suggestions.append(None)
    waiting = [index for index, suggestion in enumerate(suggestions) if suggestion is None]
    if options.engine is None:
        for index in waiting:
            suggestions[index] = Suggestion(None, NONE)
    else:
        results = machine.translate(
            options.engine, [texts[i] for i in waiting], terms, options.source, options.target
        )
        for index, result in zip(waiting, results, strict=True):
            origin = MACHINE if result.text is not None else NONE
            suggestions[index] = Suggestion(
                result.text, origin, engine=options.engine.label, error=result.error
            )
    final = [suggestion for suggestion in suggestions if suggestion is not None]
    for text, suggestion in zip(texts, final, strict=True):
        if suggestion.text is not None:
            suggestion.missing_terms = glossary.missing(text, suggestion.text, terms)
    return final
