"""The glyph bitmap of the digit and letter classifiers (digits_glyphs.box_resize)
must equal Pillow's BOX resize bit for bit: the shipped models were trained on
Pillow's output, and scripts/train_*.py must keep rebuilding them byte-identically."""

import numpy as np
import pytest
from PIL import Image

from pipeline.ocr.digits_glyphs import SIZE, Glyph, Line, box_resize, features, glyph_features


def pillow_bitmap(mask: np.ndarray) -> np.ndarray:
    h, w = mask.shape
    side = max(h, w)
    canvas = np.zeros((side, side), dtype=np.float32)
    oy, ox = (side - h) // 2, (side - w) // 2
    canvas[oy:oy + h, ox:ox + w] = mask
    return np.asarray(Image.fromarray(canvas).resize((SIZE, SIZE), Image.Resampling.BOX), dtype=np.float32)


@pytest.mark.parametrize("seed", range(4))
def test_box_resize_is_pillows_bit_for_bit(seed):
    rng = np.random.default_rng(seed)
    for _ in range(1500):
        h, w = (int(v) for v in rng.integers(1, 160, 2))
        mask = rng.random((h, w)) < rng.random()
        assert np.array_equal(box_resize(mask), pillow_bitmap(mask)), (h, w)


def test_box_resize_of_every_side_up_to_a_large_glyph():
    rng = np.random.default_rng(99)
    for side in range(1, 260):
        for h, w in ((side, max(1, side // 3)), (max(1, side // 2), side), (side, side)):
            mask = rng.random((h, w)) < 0.5
            assert np.array_equal(box_resize(mask), pillow_bitmap(mask)), (h, w)


def test_features_hold_the_bitmap_then_the_geometry():
    mask = np.zeros((30, 12), dtype=bool)
    mask[2:28, 3:9] = True
    glyph = Glyph(10, 5, 22, 35, mask, mark_above=True)
    line = Line([glyph], x_height=20.0, slope=0.0, intercept=35.0)
    vector = features(glyph, line)
    assert vector.dtype == np.float32 and vector.shape == (SIZE * SIZE + 8,)
    assert np.array_equal(vector[:SIZE * SIZE], pillow_bitmap(mask).ravel())
    assert vector[SIZE * SIZE:].tolist() == pytest.approx([1.5, 0.6, 0.0, 1.5, 1.0, 0.0, mask.mean(), 0.4])
    assert np.array_equal(glyph_features([glyph, glyph], line), np.stack([vector, vector]))
    assert glyph_features([], line).shape == (0, SIZE * SIZE + 8)
