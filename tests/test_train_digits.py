"""scripts/train_digits.py: how training glyphs are labelled, and the folding
of the ensemble into the one MLP the stage loads. What the model reads is
measured by scripts/bench_digits.py."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import train_digits  # noqa: E402

from pipeline.ocr.digits_glyphs import Glyph, Line  # noqa: E402

X_HEIGHT = 17.0


def glyph(x0: int, x1: int, y0: int = 20, y1: int = 37) -> Glyph:
    return Glyph(x0, y0, x1, y1, np.ones((y1 - y0, x1 - x0), dtype=bool))


def line_of(*glyphs: Glyph) -> Line:
    return Line(list(glyphs), X_HEIGHT, 0.0, 37.0)


# one drawn ๖, its box 10..30 by 20..37, its centre (20, 28.5)
SIX = [("๖", (20.0, 28.5), (10, 20, 30, 37))]


def test_a_whole_digit_is_labelled_with_it():
    assert train_digits.label_glyphs(line_of(glyph(10, 30)), SIX) == ["๖"]


def test_no_piece_of_a_broken_digit_is_labelled_with_it():
    # a fax cut ๖'s loop (holding the centre) from its arc: trained as ๖,
    # the loop taught the model to read the arc beside it as one more ๖
    loop, arc = glyph(10, 20), glyph(22, 30)
    assert train_digits.label_glyphs(line_of(loop, arc), SIX) == [None, None]


def test_a_speck_inside_a_digit_does_not_make_it_a_piece():
    speck = glyph(24, 26, y0=10, y1=12)
    assert train_digits.label_glyphs(line_of(glyph(10, 30), speck), SIX) == ["๖", None]


def _member(rng: np.random.Generator, n_in: int, hidden: int, n_out: int) -> dict[str, np.ndarray]:
    return {"w1": rng.normal(0, 0.3, (n_in, hidden)).astype(np.float32), "b1": rng.normal(0, 0.1, hidden).astype(np.float32),
            "w2": rng.normal(0, 0.3, (hidden, n_out)).astype(np.float32), "b2": rng.normal(0, 0.1, n_out).astype(np.float32),
            "mean": rng.normal(0, 1, n_in).astype(np.float32), "std": rng.uniform(0.01, 2, n_in).astype(np.float32)}


def _logits(model: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    h = np.maximum(((x - model["mean"]) / model["std"]) @ model["w1"] + model["b1"], 0)
    return h @ model["w2"] + model["b2"]


def test_the_folded_ensemble_averages_its_members_logits():
    rng = np.random.default_rng(5)
    members = [_member(rng, 12, 7, 4) for _ in range(3)]
    x = rng.normal(0, 1, (50, 12)).astype(np.float32)
    folded = train_digits.fold_ensemble(members)
    mean_logits = np.mean([_logits(member, x) for member in members], axis=0)
    expected = np.exp(mean_logits - mean_logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(train_digits.predict(folded, x), expected, atol=1e-5)
    assert folded["w1"].shape == (12, 21) and folded["w2"].shape == (21, 4)


# --------------------------------------------------------------------------
# The referee of the model's lookalike pairs (classifier.PairReferee)
# --------------------------------------------------------------------------


class _Fixed:
    """A stand-in classifier: the same probabilities for every glyph."""

    def __init__(self, reads: dict[str, float]):
        from pipeline.ocr.digits_glyphs import CLASSES

        self.classes = CLASSES
        self.row = np.array([reads.get(c, 0.0) for c in CLASSES], dtype=np.float32)

    def probabilities(self, x):
        return np.tile(self.row, (len(x), 1))


def _refereed(main: dict[str, float], referee: dict[str, float]) -> dict[str, float]:
    from pipeline.ocr.classifier import PairReferee
    from pipeline.ocr.digits import REFEREE_SHARE, REFEREED_PAIRS
    from pipeline.ocr.digits_glyphs import CLASSES

    pairs = tuple((CLASSES.index(a), CLASSES.index(b)) for a, b in REFEREED_PAIRS)
    row = PairReferee(_Fixed(main), _Fixed(referee), pairs, REFEREE_SHARE).probabilities(np.zeros((1, 3)))[0]
    return {c: round(float(p), 3) for c, p in zip(CLASSES, row) if p > 0}


def test_the_referee_settles_which_of_a_pair_and_the_model_how_sure():
    # TH Sarabun New's ๖ on a fax, its hook cut off: the model read ๒ 0.84
    assert _refereed({"๒": 0.84, "๖": 0.06, "other": 0.1}, {"๒": 0.2, "๖": 0.8}) == \
        {"๒": 0.18, "๖": 0.72, "other": 0.1}


def test_the_referee_has_no_say_outside_its_pairs():
    # ๖ against ๐ and ๔ against ๕ are not refereed; nor is a glyph the pair holds less than half of
    assert _refereed({"๖": 0.7, "๐": 0.3}, {"๐": 0.9, "๖": 0.1}) == {"๖": 0.7, "๐": 0.3}
    assert _refereed({"๕": 0.6, "๔": 0.4}, {"๔": 0.9, "๕": 0.1}) == {"๕": 0.6, "๔": 0.4}
    assert _refereed({"๒": 0.2, "๖": 0.2, "other": 0.6}, {"๖": 1.0}) == {"๒": 0.2, "๖": 0.2, "other": 0.6}


def test_the_shipped_model_comes_with_its_referee():
    from pipeline.ocr.classifier import GlyphClassifier, PairReferee
    from pipeline.ocr.digits import REFEREE_PATH, load_model

    assert REFEREE_PATH.is_file()
    assert isinstance(load_model(), PairReferee)
    assert isinstance(load_model(referee=None), GlyphClassifier)
