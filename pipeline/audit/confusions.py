"""The digit pairs OCR confuses, as measured by scripts/measure_confusions.py
and shipped in ``pipeline/data/digit_confusions.json``.

The digit stage reads the same table (``pipeline/ocr/digit_runs.py``: which
digits Tesseract writes a given digit for).

A pair is known confusable when the file lists it under ``known_confusable``
(its measured rate reached the file's ``threshold``, 5 %: see the script for
the three ways a pair can be confused). The table is symmetric: a citation
and a letter are two scans, so it does not matter which one is wrong.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def confusion_rates() -> dict[tuple[str, str], float]:
    """(a, b) -> measured rate, both orders, for every known confusable digit pair."""
    with resources.files("pipeline.data").joinpath("digit_confusions.json").open(encoding="utf-8") as f:
        table = json.load(f)
    rates = {}
    for entry in table["known_confusable"]:
        a, b = entry["pair"]
        rates[(a, b)] = rates[(b, a)] = float(entry["rate"])
    return rates


def confusion_rate(a: str, b: str) -> float:
    """Measured rate of the digit pair; 0.0 when it is not known confusable (or not digits)."""
    return confusion_rates().get((a, b), 0.0)


def is_known_confusion(a: str, b: str) -> bool:
    return (a, b) in confusion_rates()
