"""The matching index over the fact base: what is searchable, and its stored vectors.

Searchable are the citable facts (approved, not retired, valid today), each language of each a
document keyed ``fact:<id>:<language>`` whose title is the statement (what the matcher embeds),
and the live fact-check pages (``check:<page id>:<language>``, titled by their claim). The
embedding of each document is stored (``IndexVector``, by key and hash of title and text), so a
process rebuilds the index by embedding only what is new; the index of a process is reused as
long as the set of (key, hash) it was built from has not changed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from beacon.factbase import matching
from beacon.factbase.models import Fact, FactCheckPage, IndexVector, text_hash
from beacon.lib.sanitise import plain_text

_lock = threading.Lock()
_cached: tuple[tuple[tuple[str, str], ...], matching.ClaimIndex] | None = None


class EmptyFactBase(Exception):
    """Nothing to match against: no citable fact and no published fact check."""

    def __init__(self) -> None:
        super().__init__(_("The fact base has no approved, valid fact or fact check yet."))


@dataclass(frozen=True)
class Key:
    kind: str  # "fact" or "check"
    pk: int
    language: str


def parse_key(key: str) -> Key:
    parts = key.split(":")
    return Key(parts[0], int(parts[1]), parts[2] if len(parts) > 2 else "")


def documents() -> list[matching.Document]:
    docs: list[matching.Document] = []
    facts = Fact.objects.citable().prefetch_related("translations").order_by("pk")
    for fact in facts:
        for language, statement in sorted(fact.statements().items()):
            # A fact's statement is its claim in a sentence: the title, which the matcher embeds.
            docs.append(
                matching.Document(
                    key=f"fact:{fact.pk}:{language}", text="", title=statement, language=language
                )
            )
    checks = FactCheckPage.objects.live().select_related("locale").order_by("pk")
    for page in checks:
        language = page.locale.language_code
        docs.append(
            matching.Document(
                key=f"check:{page.pk}:{language}",
                text=plain_text(str(page.explanation)),
                title=page.claim_reviewed,
                language=language,
            )
        )
    return docs


def _digest(document: matching.Document) -> str:
    """Changes with the document's words and with what the matcher embeds of them."""
    return text_hash(f"{matching.VECTOR_LAYOUT}\n{document.title}\n{document.text}")


def languages_covered() -> set[str]:
    return {doc.language for doc in documents()}


def _vectors(docs: list[matching.Document]) -> np.ndarray:
    """The vector of every document, embedding and storing only the ones not stored yet."""
    hashes = [_digest(doc) for doc in docs]
    stored: dict[tuple[str, str], np.ndarray] = {}
    rows = IndexVector.objects.filter(key__in=[doc.key for doc in docs])
    for key, digest, blob in rows.values_list("key", "text_hash", "vector"):
        stored[(key, digest)] = np.frombuffer(bytes(blob), dtype=np.float32)
    missing = [
        doc for doc, digest in zip(docs, hashes, strict=True) if (doc.key, digest) not in stored
    ]
    if missing:
        fresh = matching.build_index(missing).vectors
        for doc, vector in zip(missing, fresh, strict=True):
            vector = np.asarray(vector, dtype=np.float32)
            digest = _digest(doc)
            IndexVector.objects.update_or_create(
                key=doc.key, text_hash=digest, defaults={"vector": vector.tobytes()}
            )
            stored[(doc.key, digest)] = vector
    return np.stack([stored[(doc.key, digest)] for doc, digest in zip(docs, hashes, strict=True)])


def current_index() -> matching.ClaimIndex:
    """The index of the fact base as it is now, rebuilt only when it changed."""
    global _cached
    docs = documents()
    if not docs:
        raise EmptyFactBase
    signature = tuple((doc.key, _digest(doc)) for doc in docs)
    with _lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
        index = matching.build_index(docs, vectors=_vectors(docs))
        _cached = (signature, index)
        return index
