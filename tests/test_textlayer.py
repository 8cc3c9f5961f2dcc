"""Born-digital PDFs (issue 6): a usable text layer is read instead of OCR,
legacy PUA glyph forms are mapped back, a garbage layer falls back to OCR."""

from __future__ import annotations

import json

import pytest

from pipeline import textlayer
from pipeline.api import OcrOptions, process_file
from pipeline.errors import EmptyInputError, OcrError
from tests.helpers import FIXTURES

LAYER = FIXTURES / "textlayer"
EXPECTED = json.loads((FIXTURES / "scans" / "external_urgent_thai.expected.json").read_text(encoding="utf-8"))[0]
FIELDS = ("doc_type", "urgency", "letter_number", "date", "subject", "sender", "recipients",
          "references", "attachments", "signatory", "contact")


@pytest.fixture
def no_ocr(tmp_path):
    """Options under which any OCR fails: the replay engine with nothing recorded."""
    empty = tmp_path / "no-recordings"
    empty.mkdir()
    return OcrOptions(engine="replay", replay_dir=empty)


@pytest.mark.poppler
@pytest.mark.parametrize("name", ["born_digital.pdf", "legacy_pua.pdf"])
def test_a_text_layer_is_read_instead_of_ocr_and_every_field_matches(name, no_ocr):
    (record,) = process_file(LAYER / name, no_ocr)
    got = record.model_dump(mode="json")
    for field in FIELDS:
        want = EXPECTED[field]
        if field == "subject":
            assert "".join(got[field].split()) == "".join(want.split())
        else:
            assert got[field] == want, field
    assert not any(0xF700 <= ord(c) <= 0xF8FF for c in record.text)


@pytest.mark.poppler
def test_legacy_pua_forms_are_mapped_back_as_repairs(no_ocr):
    (record,) = process_file(LAYER / "legacy_pua.pdf", no_ocr)
    pua = [r for r in record.repairs if "pua" in r.reason]
    assert pua and all(0xF700 <= ord(r.original[0]) <= 0xF8FF for r in pua)


@pytest.mark.poppler
def test_a_garbage_layer_falls_back_to_ocr(no_ocr):
    with pytest.raises(OcrError):  # auto mode OCRs the page: nothing is recorded for it
        process_file(LAYER / "garbage_layer.pdf", no_ocr)
    replay = OcrOptions(engine="replay", replay_dir=FIXTURES / "ocr" / "textlayer")
    (record,) = process_file(LAYER / "garbage_layer.pdf", replay)
    assert (record.doc_type, record.sender.organisation) == ("memo", "กรมควบคุมโรค กองโรคติดต่อทั่วไป")
    assert "º" not in record.text


@pytest.mark.poppler
def test_never_mode_refuses_a_scan_without_a_layer(no_ocr):
    with pytest.raises(EmptyInputError):
        process_file(FIXTURES / "scans" / "memo_thai.pdf", OcrOptions(mode="never"))


@pytest.mark.parametrize(
    "text,ok",
    [
        ("ที่ มท ๐๘๐๘.๒/ว ๑๔๕๗ กรมส่งเสริมการปกครองท้องถิ่น ถนนนครราชสีมา เขตดุสิต", True),
        ("ºÑ¹·Ö¡¢éÍ¤ÇÒÁ ÊèÇ¹ÃÒª¡ÒÃ ¡ÃÁ¤Çº¤ØÁâÃ¤ ¡Í§âÃ¤µÔ´µèÍ·ÑèÇä» â·Ã. ð òõùð", False),
        ("  3 ", False),
        ("Page 1 of 2 Scanned by CamScanner Scanned by CamScanner Scanned by CamScanner", False),
    ],
)
def test_text_layer_quality(text, ok):
    assert textlayer.usable(text) is ok


def test_layout_columns_become_tabs():
    assert textlayer.as_ocr_text("   ที่ มท ๐๘๐๘.๒/ว ๑๔๕๗        กรมส่งเสริม") == "ที่ มท ๐๘๐๘.๒/ว ๑๔๕๗\tกรมส่งเสริม"
