"""The one options object passed through every stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from beacon.monitoring.embeddings import Embedder
    from beacon.monitoring.pipeline.mentions import Gazetteer
    from beacon.monitoring.pipeline.topics import Taxonomy
    from beacon.monitoring.tone import ToneModel


@dataclass(frozen=True)
class Options:
    """Everything the stages need besides the item itself.

    ``gazetteer`` and ``taxonomy`` come from the database in the app (``build_options``) and
    from plain data in tests and benchmarks. ``embedder`` None skips the embed and tone stages,
    ``tone_model`` None the tone stage.
    """

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    embedder: Embedder | None = None
    tone_model: ToneModel | None = None
    # Shorter main text is a menu, a paywall teaser or an error page, not an article.
    min_text_chars: int = 200
    # Articles that do not speak of the city are dropped unless this is set.
    keep_unrelated: bool = False
    # MinHash: 64 permutations in 16 bands of 4 find copies above about 50 % shingle overlap;
    # ``duplicate_threshold`` then confirms on the estimated Jaccard similarity.
    num_perm: int = 64
    bands: int = 16
    duplicate_threshold: float = 0.6
    # The embedded text: the title and the lead, about 80 tokens. What a story is about is said
    # there; a longer passage costs e5-small time in proportion and adds little to retrieval.
    embed_chars: int = 300
    embed_batch: int = 32
