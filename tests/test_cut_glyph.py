"""digit_pieces.cut_glyph: the ways to cut a glyph into pieces that
split_touching, regroup_pieces and the slash cuts weigh."""

import numpy as np
import pytest

from pipeline.ocr.digit_pieces import cut_glyph
from pipeline.ocr.digits_glyphs import Glyph


def placed(pieces: list[Glyph], glyph: Glyph) -> np.ndarray:
    """The pieces' ink drawn back into the glyph's box, counting overlaps."""
    canvas = np.zeros(glyph.mask.shape, dtype=int)
    for piece in pieces:
        canvas[piece.y0 - glyph.y0:piece.y1 - glyph.y0, piece.x0 - glyph.x0:piece.x1 - glyph.x0] += piece.mask
    return canvas


@pytest.mark.parametrize("parts", [2, 3])
def test_every_cut_shares_the_glyphs_ink_out_exactly_once(parts):
    rng = np.random.default_rng(parts)
    seen = 0
    for _ in range(300):
        # shaped like PARTS digits side by side (cut lines of a taller glyph may cross inside it)
        h = int(rng.integers(10, 40))
        w = int(h * parts * rng.uniform(0.9, 1.3))
        glyph = Glyph(40, 7, 40 + w, 7 + h, rng.random((h, w)) < 0.4)
        for pieces in cut_glyph(glyph, parts):
            seen += 1
            assert len(pieces) == parts
            assert np.array_equal(placed(pieces, glyph), glyph.mask.astype(int))
            # pieces are tight boxes around their ink, left to right
            assert all(p.mask[0].any() and p.mask[-1].any() and p.mask[:, 0].any() and p.mask[:, -1].any()
                       for p in pieces)
            assert [p.x0 for p in pieces] == sorted(p.x0 for p in pieces)
    assert seen > 300


def test_two_touching_blocks_are_cut_where_least_ink_joins_them():
    mask = np.zeros((20, 30), dtype=bool)
    mask[:, 2:13] = True
    mask[:, 17:28] = True
    mask[9:11, 13:17] = True  # a thin bridge: cuts near the middle cross 2 of its pixels
    glyph = Glyph(100, 50, 130, 70, mask)
    left, right = cut_glyph(glyph, 2)[0]
    assert (left.x0, right.x1) == (102, 128) and 114 <= left.x1 <= 117 and 114 <= right.x0 <= 117
    assert left.mask[:, :11].all() and right.mask[:, -11:].all()  # each block whole in one piece
    assert left.mask.sum() + right.mask.sum() == mask.sum()


def test_cuts_near_a_given_column():
    glyph = Glyph(0, 0, 30, 12, np.ones((12, 30), dtype=bool))
    cuts = cut_glyph(glyph, 2, keep=5, at=6.0, span_px=1.0)
    assert len(cuts) == 5
    assert all(left.x0 == 0 and 3 <= left.width <= 9 and right.x1 == 30 for left, right in cuts)
    assert all(left.mask.sum() + right.mask.sum() == 12 * 30 for left, right in cuts)
    boxes = [[(g.x0, g.x1) for g in pieces] for pieces in cuts]
    assert [[(g.x0, g.x1) for g in pieces] for pieces in cut_glyph(glyph, 2, keep=2, at=6.0, span_px=1.0)] == boxes[:2]
