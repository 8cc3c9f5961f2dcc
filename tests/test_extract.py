"""Field extractors on small, hand-written pieces of letters."""

from __future__ import annotations

import pytest

from pipeline.api import records_from_text
from pipeline.extract.dates import DATE, parse_date
from pipeline.extract.numbers import LETTER_NUMBER, letter_number_end, parse_letter_number
from pipeline.textutil import collapse_ws, to_arabic_digits


def number(printed: str):
    text = to_arabic_digits(printed)
    m = LETTER_NUMBER.search(text)
    return parse_letter_number(m, printed[m.start() : letter_number_end(m)])


@pytest.mark.parametrize(
    "printed,normalised,unit,circular,sequence",
    [
        ("ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓", "มท 0207.5/ว 8603", "0207.5", True, "8603"),
        ("ที่ มท ๐๘๑๐.๖/ ฉบับที่", "มท 0810.6/", "0810.6", False, None),
        ("ที่ ศธ 04045/ว11081", "ศธ 04045/ว 11081", "04045", True, "11081"),
        ("ที่ อว 0603.09/ว.2122", "อว 0603.09/ว 2122", "0603.09", True, "2122"),
        ("ที่ ทม 0501.1.13/ว 136", "ทม 0501.1.13/ว 136", "0501.1.13", True, "136"),
        ("ที่กค 0526.4/334", "กค 0526.4/334", "0526.4", False, "334"),
        ("ที่ กค 0422.2/พิเศษ ว 2", "กค 0422.2/พิเศษ ว 2", "0422.2", True, "2"),
        ("ที่ มท ๐๒๑๒.๑/๑๘.๖๕๓๓", "มท 0212.1/18.6533", "0212.1", False, "18.6533"),
    ],
)
def test_letter_numbers(printed, normalised, unit, circular, sequence):
    parsed = number(printed)
    assert (parsed.normalised, parsed.unit_code, parsed.circular, parsed.sequence) == (
        normalised, unit, circular, sequence,
    )


def test_letter_number_raw_keeps_thai_digits_and_stops_at_the_number():
    assert number("ที่ มท ๐๘๑๐.๖/ ฉบับที่").raw == "ที่ มท ๐๘๑๐.๖/"


def date(printed: str):
    text = to_arabic_digits(printed)
    m = DATE.search(text)
    return parse_date(m, collapse_ws(printed[m.start() : m.end()])) if m else None


@pytest.mark.parametrize(
    "printed,iso,year",
    [
        ("๑๖ มิถุนายน ๒๕๖๘", "2025-06-16", 2568),
        ("27 พ.ค. 2565", "2022-05-27", 2565),
        ("ลว. 10 ต.ค.60", "2017-10-10", 2560),
        ("๓\n\nพฤศจิกายน ๒๕๖๑", "2018-11-03", 2561),
        ("4 ต.ค. 2549", "2006-10-04", 2549),
        ("31 มี.ค. 2567", "2024-03-31", 2567),
        ("1 มกราคม พ.ศ. 2566", "2023-01-01", 2566),
        ("29 ก.พ. 2567", "2024-02-29", 2567),
    ],
)
def test_dates(printed, iso, year):
    parsed = date(printed)
    assert (parsed.iso, parsed.buddhist_year) == (iso, year)


@pytest.mark.parametrize("printed", ["31 เมษายน 2565", "29 ก.พ. 2566", "5 มิถุนายน 1999", "40 มิถุนายน 2565"])
def test_impossible_dates_give_nothing(printed):
    assert date(printed) is None


def test_split_date_raw_is_whitespace_collapsed():
    assert date("๓\n\nพฤศจิกายน ๒๕๖๑").raw == "๓ พฤศจิกายน ๒๕๖๑"


LETTER = """ด่วนมาก
ลับ
ที่ นร ๐๕๐๕/ว ๑๖๕
สำนักงาน ก.พ.
ถนนติวานนท์ จังหวัดนนทบุรี ๑๑๐๐๐
๒ มกราคม ๒๕๖๗
เรื่อง ซักซ้อมแนวทางการปฏิบัติ
เรียน ปลัดกระทรวง อธิบดี และผู้ว่าราชการจังหวัด ทุกจังหวัด
อ้างถึง หนังสือสำนักงาน ก.พ. ที่ นร ๐๕๐๕/ว ๗๔ ลงวันที่ ๑๐ ตุลาคม ๒๕๖๖
สิ่งที่ส่งมาด้วย ๑. แนวทางการปฏิบัติ จำนวน ๑ ชุด
๒. แบบรายงาน จำนวน ๒ ฉบับ
ตามหนังสือที่อ้างถึง สำนักงาน ก.พ. ได้แจ้งแนวทาง ซึ่งต่อมากรมบัญชีกลางได้มีหนังสือ ที่ กค ๐๔๑๖.๒/ว ๓๙๓ ลว. ๑๐ ต.ค.๖๐
แจ้งเพิ่มเติม
จึงเรียนมาเพื่อโปรดทราบ
ขอแสดงความนับถือ
(นายสมชาย ใจดี)
รองเลขาธิการ ก.พ. รักษาราชการแทน
เลขาธิการ ก.พ.
สำนักพัฒนาระบบจำแนกตำแหน่ง
โทร. ๐ ๒๕๔๗ ๑๐๐๐ โทรสาร ๐ ๒๕๔๗ ๑๐๐๑
อีเมล saraban@ocsc.go.th
"""


@pytest.fixture(scope="module")
def letter():
    records = records_from_text(LETTER)
    assert len(records) == 1
    return records[0]


def test_marks(letter):
    assert (letter.urgency, letter.secrecy) == ("ด่วนมาก", "ลับ")


def test_head(letter):
    assert letter.letter_number.normalised == "นร 0505/ว 165"
    assert letter.date.iso == "2024-01-02"
    assert letter.sender.organisation == "สำนักงาน ก.พ."
    assert letter.sender.address == "ถนนติวานนท์ จังหวัดนนทบุรี 11000"
    assert letter.subject == "ซักซ้อมแนวทางการปฏิบัติ"


def test_recipients_split_at_positions_and_keep_qualifiers(letter):
    assert letter.recipients == ["ปลัดกระทรวง", "อธิบดี", "ผู้ว่าราชการจังหวัด ทุกจังหวัด"]


def test_references_from_the_reference_line_and_the_body(letter):
    got = [(r.letter_number.normalised, r.date.iso if r.date else None, r.issuer) for r in letter.references]
    assert got == [
        ("นร 0505/ว 74", "2023-10-10", "สำนักงาน ก.พ."),
        ("กค 0416.2/ว 393", "2017-10-10", None),
    ]
    assert letter.references[0].raw == "ที่ นร ๐๕๐๕/ว ๗๔ ลงวันที่ ๑๐ ตุลาคม ๒๕๖๖"


def test_numbered_attachments(letter):
    got = [(a.index, a.title, a.quantity, a.unit) for a in letter.attachments]
    assert got == [(1, "แนวทางการปฏิบัติ", 1, "ชุด"), (2, "แบบรายงาน", 2, "ฉบับ")]


def test_signatory_with_acting_form(letter):
    assert letter.signatory.name == "นายสมชาย ใจดี"
    assert letter.signatory.position == "รองเลขาธิการ ก.พ. รักษาราชการแทน เลขาธิการ ก.พ."


def test_contact_with_phone_and_fax_on_one_line(letter):
    c = letter.contact
    assert (c.unit, c.phone, c.fax, c.email) == (
        "สำนักพัฒนาระบบจำแนกตำแหน่ง", "0 2547 1000", "0 2547 1001", "saraban@ocsc.go.th",
    )


def test_missing_fields_are_null_and_warned():
    records = records_from_text("ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓\nเรื่อง ทดสอบ\nเรียน ผู้ว่าราชการจังหวัด\nข้อความ")
    record = records[0]
    assert record.date is None and record.signatory.name is None
    assert record.attachments == [] and record.references == []
    assert "date: not found" in record.warnings
    assert "signatory: not found" in record.warnings


def test_form_feed_pages_give_each_document_its_pages():
    cover = LETTER
    forwarded = LETTER.replace("ด่วนมาก\nลับ\n", "").replace("๑๖๕", "๑๖๖")
    records = records_from_text(cover + "\f" + forwarded + "\f" + "ภาคผนวก รายละเอียดโครงการ " * 5)
    assert [r.doc_type for r in records] == ["external_letter", "external_letter", "other"]
    assert [r.source.pages for r in records] == [[1], [2], [3]]
    assert records[1].letter_number.sequence == "166"
