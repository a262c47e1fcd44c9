"""The matching index over the fact base: what is searchable, and its stored vectors.

Searchable are the citable facts (approved, not retired, valid today), each language of each a
document keyed ``fact:<id>:<language>`` whose title is the statement (what the matcher embeds),
and the live fact-check pages (``check:<page id>:<language>``, titled by their claim). The
embedding of each document is stored (``IndexVector``, by key and hash of title and text), so a
process rebuilds the index by embedding only what is new.

The built index is saved in ``BEACON_CLAIM_INDEX_DIR`` (``var/claim-index/``), named by a
digest of the (key, hash) pairs it was built from: a process loads it instead of building
(tokens, BM25 and hubness take seconds at tens of thousands of facts), and keeps it in memory
as long as those pairs have not changed. The beat task ``refresh_claim_index`` rebuilds it when
the facts change (an approval, a retirement, a validity period that starts or ends), so that
the analyst's screens find it built; whichever process finds it missing builds it first.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from beacon.factbase import matching
from beacon.factbase.models import Fact, FactCheckPage, IndexVector, text_hash
from beacon.lib.sanitise import plain_text

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: tuple[str, matching.ClaimIndex] | None = None


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


def _signature(docs: list[matching.Document]) -> str:
    """Names the index built from ``docs``: changes when a document or its words change."""
    digest = hashlib.sha256(f"{matching.INDEX_FORMAT}\n".encode())
    for doc in docs:
        digest.update(f"{doc.key}\t{_digest(doc)}\n".encode())
    return digest.hexdigest()[:32]


def _saved_path(signature: str) -> Path:
    return Path(settings.BEACON_CLAIM_INDEX_DIR) / f"{signature}.pickle"


def _forget_older(keep: Path) -> None:
    """Saved indexes of fact bases that are no more, left out of the directory."""
    for path in keep.parent.glob("*.pickle"):
        if path != keep:
            path.unlink(missing_ok=True)


def current_index() -> matching.ClaimIndex:
    """The index of the fact base as it is now: this process's, the saved one, or built."""
    return _index(refresh=False)[0]


def refresh() -> bool:
    """Build and save the index when the fact base changed since it was saved; True if built."""
    return _index(refresh=True)[1]


def _index(*, refresh: bool) -> tuple[matching.ClaimIndex, bool]:
    global _cached
    docs = documents()
    if not docs:
        raise EmptyFactBase
    signature = _signature(docs)
    with _lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1], False
        path = _saved_path(signature)
        index = matching.load_index(path)
        built = index is None
        if index is None:
            index = matching.build_index(docs, vectors=_vectors(docs))
            matching.save_index(index, path)
            logger.info("claim index of %d documents built and saved in %s", len(docs), path)
        if refresh:
            _forget_older(path)
        _cached = (signature, index)
        return index, built
