"""Digit stage: readings weighed by the shape of their field (digits._choose)."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.digits import CLASSES, _choose
from tests.test_digits import _run_of


def test_comma_in_a_letter_numbers_unit_code_is_read_as_its_dot():
    # TH Niramit AS on a fax: the "." of "๐๙๒๔.๑/๕" has a tail and reads "," at 0.93,
    # "." below the runner-ups: the unit code read "๐๙๒๔๑" (a rare five-digit code, the
    # comma dropped) instead
    chars = [("๐", 1.0), ("๙", 0.99), ("๒", 1.0), ("๔", 1.0), (",", 0.93), ("๑", 1.0), ("/", 0.93), ("๕", 1.0)]
    probs = np.full((len(chars), len(CLASSES)), 1e-6)
    for position, (char, p) in enumerate(chars):
        probs[position, CLASSES.index(char)] = p
    probs[4, CLASSES.index("๕")] = 0.03
    probs[4, CLASSES.index("๔")] = 0.02
    text, ok, _, _ = _choose(_run_of(probs), "letter_number", "", "ที่ มท ")
    assert (text, ok) == ("๐๙๒๔.๑/๕", True)
    # a comma in a number stays
    text, _, _, _ = _choose(_run_of(probs), "number", "", "จำนวน ")
    assert text == "๐๙๒๔,๑/๕"
