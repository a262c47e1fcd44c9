"""Stage: a MinHash signature of the text and its LSH band keys (datasketch).

Shingles are three-word windows of the folded text, or three-character windows for scripts
written without spaces. Band keys are what both the in-batch index and the stored stories are
looked up by.
"""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash

from beacon.monitoring.pipeline.item import Item
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.text import fold, is_unspaced

SHINGLE = 3


def shingles(text: str) -> set[bytes]:
    folded = fold(text)
    if is_unspaced(folded[:200]):
        units: list[str] = [ch for ch in folded if not ch.isspace()]
    else:
        units = [word.strip(".,;:!?«»\"'()[]") for word in folded.split()]
        units = [word for word in units if word]
    if len(units) < SHINGLE:
        return {" ".join(units).encode("utf-8")}
    return {
        " ".join(units[i : i + SHINGLE]).encode("utf-8") for i in range(len(units) - SHINGLE + 1)
    }


def signature(text: str, num_perm: int) -> np.ndarray:
    minhash = MinHash(num_perm=num_perm, seed=1)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray, bands: int) -> list[str]:
    rows = len(sig) // bands
    return [
        f"{band:02d}"
        + hashlib.blake2b(sig[band * rows : (band + 1) * rows].tobytes(), digest_size=8).hexdigest()
        for band in range(bands)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def run(item: Item, options: Options) -> Item:
    item.signature = signature(f"{item.title}\n{item.text}", options.num_perm)
    item.band_keys = band_keys(item.signature, options.bands)
    return item
