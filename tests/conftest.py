"""Shared pytest setup. Keep each section small and owned."""

from __future__ import annotations

import shutil
import subprocess

import pytest

# --- Batch runs (pipeline/batch) --------------------------------------------
# No test reads or writes the user's result cache.


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


# --- OCR stage (pipeline/ocr) ----------------------------------------------
# Tests marked `tesseract` run the real Tesseract and poppler binaries; they
# are skipped (not passed) where those, or Tesseract's Thai data, are missing.

OCR_PROGRAMS = ("tesseract", "pdfinfo", "pdftoppm")


def _missing_ocr_tools() -> list[str]:
    missing = [program for program in OCR_PROGRAMS if shutil.which(program) is None]
    if "tesseract" not in missing:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
        missing += [f"tesseract language {code}" for code in ("tha", "eng") if code not in listed.split()]
    return missing


def pytest_collection_modifyitems(config, items):
    marked = [item for item in items if "tesseract" in item.keywords]
    if marked:
        missing = _missing_ocr_tools()
        if missing:
            skip = pytest.mark.skip(reason=f"not installed: {', '.join(missing)}")
            for item in marked:
                item.add_marker(skip)
    # `poppler`: replays recorded OCR but still rasterises the PDF pages
    rasterising = [item for item in items if "poppler" in item.keywords]
    missing = [program for program in ("pdfinfo", "pdftoppm") if shutil.which(program) is None]
    if rasterising and missing:
        skip = pytest.mark.skip(reason=f"not installed: {', '.join(missing)}")
        for item in rasterising:
            item.add_marker(skip)
