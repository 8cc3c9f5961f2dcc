"""Issue 3: the digit stage's confidence reaches the record. Digit runs the OCR
stage read from the image (OcrPage.digit_spans) are carried through normalise
and segment to the fields that hold them: a per-field confidence, and a
warning naming the field and the alternatives where the recogniser was unsure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.api import (
    InputPages, OcrOptions, extract_input, normalise_input, ocr_engine, process_file, records_from_text,
    segment_input,
)
from pipeline.cli import cli
from pipeline.extract.confidence import UNSURE_BELOW
from pipeline.models import CodeReading, DigitChar, DigitReading, DigitSpan, Record
from pipeline.normalise.tracked import Edit, TrackedText, map_through_repairs
from pipeline.ocr import read_pages
from pipeline.textutil import to_arabic_digits
from tests.helpers import FIXTURES

SCANS = FIXTURES / "scans"
REPLAY = OcrOptions(engine="replay", replay_dir=FIXTURES / "ocr" / "scans")

# Page 1 has repairs that change the text's length before its digit runs (a
# markup "**", a zero-width space, ํา recomposed to ำ); page 2 starts with a
# page number the normaliser drops and a zero-width space. The attachment is
# wrapped over two lines; a receipt stamp stands above the letter.
PAGE_1 = (
    "เลขรับ ๘๖๔๒๑\n"
    "วันที่ ๒๓ ก.ย. ๒๕๖๗\n"
    "เวลา ๑๐.๔๕ น.\n"
    "**ด่วนที่สุด**\n"
    "ที่ มท ๐๘๐๘.๒/ว ๑๔๕๗\n"
    "กระทรวงมหาดไทย\n"
    "ถนนอัษฎางค์ กทม. ๑๐๒๐๐\n"
    "\n"
    "๑๒ มิถุนายน ๒๕๖๘\n"
    "\n"
    "เรื่อง การจัดทํา\u200bข้อมูลผู้สูงอายุ\n"
    "\n"
    "เรียน ผู้ว่าราชการจังหวัด ทุกจังหวัด\n"
    "\n"
    "อ้างถึง หนังสือกรมการปกครอง ที่ มท ๐๓๑๐.๑/ว ๕๑๗ ลงวันที่ ๒๐ กุมภาพันธ์ ๒๕๖๘\n"
    "\n"
    "สิ่งที่ส่งมาด้วย ๑. แบบสำรวจข้อมูลผู้สูงอายุรายตำบล\n"
    "    ในเขตอำเภอ   จำนวน ๓ ชุด\n"
    "\n"
    "ตามที่กระทรวงมหาดไทยได้ขอให้จังหวัดสำรวจข้อมูล"
)
PAGE_2 = (
    "- ๒ -\n"
    "\n"
    "ผู้สูงอายุ\u200b ในพื้นที่ให้แล้วเสร็จภายในเดือนกรกฎาคม\n"
    "\n"
    "จึงเรียนมาเพื่อโปรดพิจารณา\n"
    "\n"
    "ขอแสดงความนับถือ\n"
    "\n"
    "(นายสมชาย ใจดี)\n"
    "ปลัดกระทรวงมหาดไทย\n"
    "\n"
    "กรมการปกครอง\n"
    "โทร. ๐ ๒๒๒๒ ๑๒๓๔\n"
    "โทรสาร ๐ ๒๒๒๒ ๑๒๓๖"
)


def span(page: str, text: str, confidence: float = 0.99, occurrence: int = 0, after: str = "", **fields) -> DigitSpan:
    """A digit run as the digit stage records it, at the ``occurrence``-th place
    ``text`` stands in ``page`` (after ``after``)."""
    start = page.index(after) - 1
    for _ in range(occurrence + 1):
        start = page.index(text, start + 1)
    chars = [DigitChar(char=c, confidence=confidence) for c in text]
    fields.setdefault("kind", "number")
    fields.setdefault("plausible", None)
    return DigitSpan(start=start, end=start + len(text), text=text, ocr_text=text, confidence=confidence,
                     chars=fields.pop("chars", chars), box=(0, 0, 1, 1), **fields)


def unsure_fax(page: str) -> DigitSpan:
    return span(page, "๑๒๓๖", 0.62, kind="phone", alternatives=[
        DigitReading(text="๑๒๓๘", probability=0.30), DigitReading(text="๑๒๓๙", probability=0.05)])


def hand_built_input() -> InputPages:
    spans_1 = [
        span(PAGE_1, "๘๖๔๒๑", 0.96),
        span(PAGE_1, "๒๓", 0.99, kind="day", plausible=True),
        span(PAGE_1, "๒๕๖๗", 0.97, kind="year", plausible=True),
        span(PAGE_1, "๑๐.๔๕", 0.95),
        span(PAGE_1, "๐๘๐๘.๒/", 0.97, kind="letter_number", plausible=True),
        span(PAGE_1, "๑๔๕๗", 0.95, kind="letter_number", plausible=True),
        span(PAGE_1, "๑๐๒๐๐", 0.99),
        span(PAGE_1, "๑๒", 0.999, kind="day", plausible=True),
        span(PAGE_1, "๒๕๖๘", 0.98, kind="year", plausible=True),
        span(PAGE_1, "๐๓๑๐.๑/", 0.93, kind="letter_number", plausible=True),
        # Tesseract read ๕๑๗ wrong; the stage is unsure and recorded per-glyph runners-up only
        span(PAGE_1, "๕๑๗", 0.55, kind="letter_number", plausible=True, chars=[
            DigitChar(char="๕", confidence=0.98),
            DigitChar(char="๑", confidence=0.99),
            DigitChar(char="๗", confidence=0.55, alternative="๓", alternative_confidence=0.40)]),
        span(PAGE_1, "๒๐", 0.96, kind="day", plausible=True),
        span(PAGE_1, "๒๕๖๘", 0.91, occurrence=1, kind="year", plausible=True),
        span(PAGE_1, "๑", 0.94, after="สิ่งที่ส่งมาด้วย"),
        span(PAGE_1, "๓", 0.97, after="จำนวน"),
    ]
    spans_2 = [
        span(PAGE_2, "๒", 0.99),  # the page number: dropped with it
        span(PAGE_2, "๐", 0.99, kind="phone"),
        span(PAGE_2, "๒๒๒๒", 0.97, kind="phone"),
        span(PAGE_2, "๑๒๓๔", 0.96, kind="phone"),
        span(PAGE_2, "๐", 0.99, occurrence=1, kind="phone"),
        span(PAGE_2, "๒๒๒๒", 0.99, occurrence=1, kind="phone"),
        unsure_fax(PAGE_2),
    ]
    return InputPages(Path("hand.pdf"), "0" * 64, [PAGE_1, PAGE_2], first_page=1, digit_spans=[spans_1, spans_2])


def hand_built_record() -> tuple[Record, object]:
    normalised = normalise_input(hand_built_input())
    records = extract_input(normalised, segment_input(normalised), path="hand.pdf", sha256="0" * 64)
    assert [r.doc_type for r in records] == ["external_letter"]
    return records[0], normalised


def digit_warnings(record) -> list[str]:
    return [w for w in record.warnings if w.startswith("digits:")]


# --- offsets -----------------------------------------------------------------


def test_map_through_repairs_moves_spans_past_length_changing_repairs():
    tracked = TrackedText("ab ๑๒๓ cd\n- ๒ -\nef ๔๕")
    tracked.apply([
        Edit(0, 2, "xyz", "longer"),      # before the first span, one longer
        Edit(3, 3, "\u0e48", "inserted"),  # at the first span's start: stays outside it
        Edit(10, 16, "", "page-number"),  # removes the second span
    ])
    assert tracked.text == "xyz \u0e48๑๒๓ cd\nef ๔๕"
    moved = map_through_repairs([(3, 6), (12, 13), (19, 21)], tracked.repairs)
    assert moved[1][0] == moved[1][1]  # removed with the page number: empty
    assert [tracked.text[s:e] for s, e in (moved[0], moved[2])] == ["๑๒๓", "๔๕"]


def test_spans_survive_repairs_and_a_page_break():
    data = hand_built_input()
    normalised = normalise_input(data)
    number = next(s for s in data.digit_spans[0] if s.text == "๐๘๐๘.๒/")
    # repairs changed the text's length before the letter number and across the page break
    assert any(r.start < number.start and len(r.original) != len(r.replacement) for r in normalised.repairs)
    assert normalised.page_starts and normalised.page_starts[0] != len(PAGE_1) + 1
    kept = normalised.digit_spans
    assert len(kept) == sum(len(s) for s in data.digit_spans) - 1  # the page number's run is gone
    assert all(normalised.thai_digit_text[s.start : s.end] == s.text for s in kept)
    on_page_2 = [s for s in kept if normalised.page_of(s.start) == 2]
    assert [s.text for s in on_page_2] == ["๐", "๒๒๒๒", "๑๒๓๔", "๐", "๒๒๒๒", "๑๒๓๖"]
    # and in the record's text, counted from the document's start
    (seg,) = [s for s in segment_input(normalised) if s.kind != "other"]
    text = normalised.text[seg.start : seg.end]
    in_record = normalised.digit_spans_in(seg.start, seg.end)
    assert [text[s.start : s.end] for s in in_record][-2:] == ["2222", "1236"]
    assert all(text[s.start : s.end] == to_arabic_digits(s.text) for s in in_record)


def test_replayed_pages_keep_their_spans_in_place_after_the_marks_stage():
    # the marks image stage inserts tone marks after the digit stage ran
    count = 0
    for pdf in sorted(SCANS.glob("*.pdf")):
        for page in read_pages(pdf, engine=ocr_engine(REPLAY)):
            assert all(page.text[s.start : s.end] == s.text for s in page.digit_spans), (pdf.name, page.number)
            count += len(page.digit_spans)
    assert count > 50


# --- confidence and warnings --------------------------------------------------


def test_confident_fields_get_their_lowest_confidence_and_no_warning():
    record, _ = hand_built_record()
    assert record.letter_number.normalised == "มท 0808.2/ว 1457"
    assert record.confidence["letter_number"] == 0.95
    assert record.confidence["date"] == 0.98
    assert record.confidence["references[0].date"] == 0.91
    assert record.confidence["contact.phone"] == 0.96
    assert record.attachments[0].quantity == 3  # read across the wrapped line
    assert record.confidence["attachments[0].index"] == 0.94
    assert record.confidence["attachments[0].quantity"] == 0.97
    confident = ("letter_number", "date", "references[0].date", "contact.phone", "attachments[0].quantity")
    assert min(record.confidence[path] for path in confident) > UNSURE_BELOW
    warned = " ".join(digit_warnings(record))
    for path in confident:
        assert f"digits: {path} " not in warned
    assert "subject" not in record.confidence and "sender" not in record.confidence  # no digits there


def test_an_unsure_field_keeps_its_reading_and_names_the_alternatives():
    record, _ = hand_built_record()
    assert record.contact.fax == "0 2222 1236"  # the best reading, never a guess
    assert record.confidence["contact.fax"] == 0.62
    assert "digits: contact.fax read '๑๒๓๖' (confidence 0.62); alternatives '๑๒๓๘' (0.30), '๑๒๓๙' (0.05)" in record.warnings
    # no run-level alternatives recorded: the per-glyph runner-up is offered
    assert record.references[0].letter_number.sequence == "517"
    assert record.confidence["references[0].letter_number"] == 0.55
    assert "digits: references[0].letter_number read '๕๑๗' (confidence 0.55); alternatives '๕๑๓' (0.40)" in record.warnings
    assert len(digit_warnings(record)) == 2


def test_an_implausible_reading_is_warned_about_even_when_confident():
    page = "ที่ มท ๐๘๐๘.๒/ว ๑๔๕๗\n\n๓๒ มิถุนายน ๒๕๖๘\n\nเรื่อง ทดสอบ\n\nเรียน ผู้ว่าราชการจังหวัด\n"
    bad_number = span(page, "๐๘๐๘.๒/", 0.99, kind="letter_number", plausible=False,
                      alternatives=[DigitReading(text="๐๘๐๘,๒/", probability=0.004, plausible=False)])
    data = InputPages(Path("p.pdf"), "0" * 64, [page], first_page=1, digit_spans=[[bad_number]])
    normalised = normalise_input(data)
    record = extract_input(normalised, segment_input(normalised), path="p.pdf", sha256="0" * 64)[0]
    assert record.confidence == {"letter_number": 0.99}
    assert digit_warnings(record) == [
        "digits: letter_number read '๐๘๐๘.๒/' (confidence 0.99, not a plausible letter number); "
        "alternatives '๐๘๐๘,๒/' (<0.01)"
    ]


def test_an_unsure_letter_code_lowers_the_fields_confidence_and_is_warned_about():
    page = "ที่ สธ ๐๘๐๘.๒/ว ๑๔๕๗\n\n๑๒ มิถุนายน ๒๕๖๘\n\nเรื่อง ทดสอบ\n\nเรียน ผู้ว่าราชการจังหวัด\n"
    code = CodeReading(text="สธ", ocr_text="สร", confidence=0.71,
                       alternatives=[DigitReading(text="สร", probability=0.2, plausible=True)])
    unit = span(page, "๐๘๐๘.๒/", 0.99, kind="letter_number", plausible=True, code=code)
    data = InputPages(Path("p.pdf"), "0" * 64, [page], first_page=1, digit_spans=[[unit]])
    normalised = normalise_input(data)
    record = extract_input(normalised, segment_input(normalised), path="p.pdf", sha256="0" * 64)[0]
    assert record.letter_number.prefix == "สธ"
    assert record.confidence == {"letter_number": 0.71}
    assert [w for w in record.warnings if w.startswith("code:")] == [
        "code: letter_number read 'สธ' (confidence 0.71; Tesseract read 'สร'); alternatives 'สร' (0.20)"]
    # read surely: the digits' confidence, no warning
    sure = unit.model_copy(update={"code": code.model_copy(update={"confidence": 0.97})})
    data = InputPages(Path("p.pdf"), "0" * 64, [page], first_page=1, digit_spans=[[sure]])
    normalised = normalise_input(data)
    record = extract_input(normalised, segment_input(normalised), path="p.pdf", sha256="0" * 64)[0]
    assert record.confidence == {"letter_number": 0.97}
    assert not [w for w in record.warnings if w.startswith("code:")]


def test_text_input_has_no_confidence():
    record = records_from_text(PAGE_1 + "\f" + PAGE_2)[0]
    assert record.letter_number.normalised == "มท 0808.2/ว 1457"
    assert record.confidence == {} and digit_warnings(record) == []


# --- scans (replayed OCR, the digit stage run on the rasterised pages) --------


@pytest.mark.poppler
def test_a_replayed_scan_has_confidence_per_digit_field_and_survives_json():
    record = process_file(SCANS / "external_urgent_thai.pdf", REPLAY)[0]
    assert record.letter_number.raw == "ที่ มท ๐๘๐๘.๒/ว ๑๔๕๗"
    assert set(record.confidence) == {
        "letter_number", "date", "references[0].letter_number", "references[0].date", "contact.phone", "contact.fax",
        "attachments[0].index", "attachments[0].quantity", "attachments[1].index", "attachments[1].quantity"}
    assert all(UNSURE_BELOW < c <= 1 for c in record.confidence.values())
    assert digit_warnings(record) == []
    assert Record.model_validate_json(record.model_dump_json()) == record


def test_a_receipt_stamp_has_confidence_per_field():
    record, _ = hand_built_record()
    assert record.receipts[0].model_dump(include={"number", "time"}) == {"number": "86421", "time": "10.45"}
    assert record.receipts[0].date.iso == "2024-09-23"
    assert record.date.iso == "2025-06-12"  # the stamp's date is not the letter's
    assert {k: v for k, v in record.confidence.items() if k.startswith("receipts")} == {
        "receipts[0].number": 0.96, "receipts[0].date": 0.97, "receipts[0].time": 0.95}


@pytest.mark.poppler
def test_process_writes_the_confidence_map(tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, [
        "process", str(SCANS / "memo_thai.pdf"), "-o", str(out),
        "--ocr-engine", "replay", "--replay-dir", str(FIXTURES / "ocr" / "scans")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    memo = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert memo["doc_type"] == "memo"
    assert set(memo["confidence"]) >= {"date", "references[0].letter_number", "references[0].date", "contact.phone"}
    assert all(0.9 < c <= 1 for c in memo["confidence"].values())


def test_the_result_cache_is_invalidated_by_a_retrained_digit_model(tmp_path, monkeypatch):
    # cached records carry the digit stage's readings and confidences
    import pipeline.batch as batch

    (tmp_path / "data").mkdir()
    model = tmp_path / "data" / "digit_model.npz"
    model.write_bytes(b"one model")
    monkeypatch.setattr(batch.resources, "files", lambda package: tmp_path)
    before = batch.pipeline_fingerprint(OcrOptions())
    model.write_bytes(b"retrained")
    assert batch.pipeline_fingerprint(OcrOptions()) != before
