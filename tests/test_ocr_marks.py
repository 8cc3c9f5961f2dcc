"""The image stage that puts back tone marks Tesseract dropped (pipeline/ocr/marks.py)."""

from __future__ import annotations

import pytest

from pipeline.ocr import page_images
from pipeline.ocr.marks import restore_marks
from pipeline.ocr.tsv import page_from_tsv
from tests.helpers import FIXTURES


def recorded_page(name: str, number: int):
    for page, image, dpi in page_images(FIXTURES / "scans" / f"{name}.pdf", pages=[number]):
        base = FIXTURES / "ocr" / "scans"
        tsv = (base / f"{name}.p{number}.tsv").read_text(encoding="utf-8")
        text = (base / f"{name}.p{number}.txt").read_text(encoding="utf-8")
        return page_from_tsv(tsv, text, number=page, width=image.width, height=image.height, dpi=dpi, engine="t"), image
    raise AssertionError("no such page")


@pytest.mark.poppler
def test_marks_the_image_shows_are_restored_and_names_left_alone():
    page, image = recorded_page("bundle_cover_forward", 2)
    assert "ความเสียง" in page.text and "ใช้นําน้อย" in page.text  # what Tesseract wrote
    fixed = restore_marks(page, image).text
    assert "ความเสี่ยง" in fixed  # a tone over an upper vowel
    assert "ใช้น้ําน้อย" in fixed  # a tone over the circle of ำ (normalise writes น้ำ)
    assert "(นางรัชนี ทองสุข)" in fixed  # ink near a name is not read as a mark


@pytest.mark.poppler
def test_a_page_without_dropped_marks_is_returned_as_it_is():
    page, image = recorded_page("external_arabic", 1)
    before = page.text
    after = restore_marks(page, image).text
    changed = [(a, b) for a, b in zip(before.split(), after.split()) if a != b]
    assert len(before.split()) == len(after.split())
    assert all(len(b) == len(a) + 1 for a, b in changed)  # only single marks inserted, nothing else
