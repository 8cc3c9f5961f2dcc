"""The glyph classifiers of the image stages: a one-hidden-layer MLP (ReLU,
softmax) over ``digits_glyphs.features``, stored as a small .npz (weights in
float16) by ``scripts/train_digits.py`` (digits) and
``scripts/train_code_letters.py`` (letters), loaded once per process; and
``PairReferee``, a classifier whose lookalike pairs a second one settles.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np


class Classifier(Protocol):
    """What the stages ask of a classifier: GlyphClassifier or PairReferee."""

    @property
    def classes(self) -> tuple[str, ...]: ...

    def probabilities(self, x: np.ndarray) -> np.ndarray: ...


@dataclass
class GlyphClassifier:
    classes: tuple[str, ...]
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    mean: np.ndarray
    std: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (rows) of feature vectors (rows of x)."""
        h = np.maximum(((x - self.mean) / self.std) @ self.w1 + self.b1, 0)
        logits = h @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


@functools.lru_cache(maxsize=4)
def load_classifier(path: Path, classes: tuple[str, ...]) -> GlyphClassifier | None:
    """The classifier at ``path``; None when the file is missing (its stage is
    then a no-op). Its classes must be ``classes``: a model trained for other
    classes is refused."""
    if not Path(path).is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        stored = tuple(str(c) for c in data["classes"])
        if stored != classes:
            raise ValueError(f"{path}: model classes {stored} differ from {classes}; retrain")
        return GlyphClassifier(stored, *(data[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2", "mean", "std")))


@dataclass
class PairReferee:
    """MAIN's probabilities, except that where a glyph reads as one of a pair
    of lookalikes (the two together at least MIN_SHARE), REFEREE settles which:
    it splits the pair's probability as it weighs the two. Everything else,
    the pair's total among them, is MAIN's, so the rules tuned to MAIN's
    readings (pieces, cuts, runs) keep their footing."""

    main: GlyphClassifier
    referee: GlyphClassifier
    pairs: tuple[tuple[int, int], ...]  # class indices
    min_share: float

    @property
    def classes(self) -> tuple[str, ...]:
        return self.main.classes

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        p = self.main.probabilities(x)
        referee = None
        for a, b in self.pairs:
            share = p[:, a] + p[:, b]
            rows = share >= self.min_share
            if not rows.any():
                continue
            if referee is None:
                referee = self.referee.probabilities(x)
            split = referee[rows, a] / np.maximum(referee[rows, a] + referee[rows, b], 1e-9)
            p[rows, a] = share[rows] * split
            p[rows, b] = share[rows] * (1 - split)
        return p
