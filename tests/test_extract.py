"""Field extractors on small, hand-written pieces of letters."""

from __future__ import annotations

import pytest

from pipeline.api import records_from_text
from pipeline.extract.dates import DATE, parse_date
from pipeline.extract.numbers import LETTER_NUMBER, letter_number_end, parse_letter_number
from pipeline.textutil import collapse_ws, edit_distance, to_arabic_digits


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


@pytest.mark.parametrize(
    "printed,normalised",
    [
        ("ที่ ทส .๐๙๒๔/๒๓๘๘", "ทส 0924/2388"),  # a speck before the unit code
        ("ที่ ศธ ๐๙๒๗.๕,/๗๘", "ศธ 0927.5/78"),  # and before its "/"
        ("ที่ พย ๐๙๘๑.๙@/๕", "พย 0981.9/5"),
        ("ที่ ลป ๐๔๓๐/ั่ว ๖๕๗๖", "ลป 0430/ว 6576"),  # two marks read before the circular's ว
        ("ที่ กษ 0312.9/เว 128", "กษ 0312.9/ว 128"),  # or a เ
        ("ที่ รง 0061:2.6/4738", "รง 0061.2.6/4738"),  # a dot of the unit code read as ":"
        ("ที่-ยธ ๐๕๐๙.๘/๑๓๔๓", "ยธ 0509.8/1343"),  # a speck between ที่ and the code
        ("ที่ กค-๐๗๐๖.๔/๕๕๓๔", "กค 0706.4/5534"),  # and between the code and the unit code
        ("ที่ ชม'๐๙๕๙.๒/ว ๓", "ชม 0959.2/ว 3"),
        ("ที่ ลป| ๐๔๘๖.๗/๒๔๒๐", "ลป 0486.7/2420"),  # a "|": a speck, or the ป's tail cut off
        ("ที่:สธ 0558.8/ว 8", "สธ 0558.8/ว 8"),
        ("ที่ รง ๐๗๕๗.๑,๓/๕๙๐๖", "รง 0757.1.3/5906"),  # a dot of the unit code read as ","
        ("ที่ พณ๐๔๑๘.๕/.๖๗๐๘", "พณ 0418.5/6708"),  # a speck right after the "/"
        ("ทีนร ๐๖๗๙/๔๓๓", "นร 0679/433"),  # ที่ without its tone mark, glued to the code
    ],
)
def test_letter_numbers_read_through_specks(printed, normalised):
    assert number(printed).normalised == normalised


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


def test_a_month_abbreviation_with_mangled_marks_is_read_when_unambiguous():
    assert date("23 กุย. 2567").iso == "2024-09-23"
    assert date("12 กม. 2567") is None  # not a month
    # the speck of the dot read as a vowel below the next letter
    assert date("11 ก.ุย. 2573").iso == "2030-09-11"
    assert date("23 พ.ุย. 2571").iso == "2028-11-23"
    assert date("7 ม.ุค. 2533") is None  # ม.ค. or มี.ค.
    # the last dot read as a comma; the first as a space and the last as a vowel below
    assert date("๑ ม.ุย, ๒๕๓๓").iso == "1990-06-01"
    assert date("วันที่ ๒๕ เม ยุ๒๕๔๑").iso == "1998-04-25"


@pytest.mark.parametrize(
    "printed,iso",
    [
        ("๑๑ สิงหาคร| ๒๕๔๕", "2002-08-11"),  # ม read as ร and a bar
        ("๑๒ มกราคง ๒๕๔๑", "1998-01-12"),
        ("วันที่ ๑๔ กุงเภาพันธ์ ๒๕๔๗", "2004-02-14"),  # two letters wrong in a long name
        ("๒๒ ฉันวาคม ๒๕๗๐", "2027-12-22"),  # nearer ธันวาคม than มีนาคม
        ("๓๑ ธิ้นวาคม ๒๕๓๕", "1992-12-31"),  # a mark read wrong
        ("๒๔ มีนําคม ๒๕๖๒", "2019-03-24"),
        ("๑๙กันยายนู่ ๒๕๗๒", "2029-09-19"),  # specks after the name
        ("๒๙ กันยายน. ๒๕๕๐", "2007-09-29"),
        ("16.พฤษภาคม 2561", "2018-05-16"),  # a speck between the day and the month
        ("๓-ธันวาคม ๒๕๖๙", "2026-12-03"),
        ("14 พฤศจิก“ยน 2571", "2028-11-14"),  # a letter read as a quote
        ("๑๐“พฤศจิกายน ๒๕๓๕", "1992-11-10"),  # a speck read as a quote before the month
    ],
)
def test_a_damaged_month_name_is_read_when_it_is_near_one_month_only(printed, iso):
    assert date(printed).iso == iso


@pytest.mark.parametrize("printed", [
    "๑๒ มกนาคม ๒๕๖๗",  # one letter from มกราคม and from มีนาคม
    "๑๒ สงคราม ๒๕๖๗",  # no month
    "ข้อ ๕ ระเบียบ ๒๕๖๐",
    "๑๒ คม ๒๕๖๗",  # too little left of any name
])
def test_a_word_near_no_one_month_is_no_month(printed):
    assert date(printed) is None


# What Tesseract makes of a scanned bundle page (fixtures/scans/bundle_cover_forward.pdf):
# specks from the emblem, a receipt stamp above the number, a tab between the
# number and the sender, dust before the signature, the memo heading without marks.
OCR_PAGE_1 = """เ 4
ด่วน

ที่ ขก ๐๐๐๕.๒/ว ๕๑๒๕\t.\tศาลากลางจังหวัดขอนแก่น
ถนนหน้าศูนย์ราชการ ขก ๕๐๐๐๐
๒๒ กันยายน ๒๕๖๗
เรื่อง ทดสอบ
เรียน นายอำเภอ ทุกอำเภอ
สิ่งที่ส่งมาด้วย สำเนาหนังสือกรมส่งเสริมการเกษตร ที่ กษ ๑๐๐๓/ว ๓๐๑๕ ลงวันที่ « กันยายน ๒๕๖๗ จำนวน ๑ ชุด .
จึงเรียนมาเพื่อทราบ
ขอแสดงความนับถือ
.\t(นางรัชนี ทองสุข)
รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน
ผู้ว่าราชการจังหวัดขอนแก่น
โทร. ๐ ๔๓๒๔ ๖๖๑๘\t.
"""
OCR_PAGE_2 = """จังหวัดขอนแก่น

เลขรับ 8421

วันที่ 23 กุย. 2567
เวลา 10.45 น.
ที่ กษ 1007/ว 3015\tกรมส่งเสริมการเกษตร
19 กันยายน 2567
เรื่อง ทดสอบ
"""
OCR_PAGE_3 = """ม = บ
บนทกขอความ
ส่วนราชการ กรมควบคุมโรค โทร. 0 2590 3180
ที่ สธ 0410.3/824 วันที่ 20 สิงหาคม 2567
เรื่อง ทดสอบ
"""


@pytest.fixture(scope="module")
def ocr_bundle():
    return records_from_text("\f".join([OCR_PAGE_1, OCR_PAGE_2, OCR_PAGE_3]))


def test_specks_and_stamps_above_a_letter_belong_to_it(ocr_bundle):
    assert [(r.doc_type, r.source.pages) for r in ocr_bundle] == [
        ("external_letter", [1]), ("external_letter", [2]), ("memo", [3]),
    ]
    assert ocr_bundle[0].urgency == "ด่วน"


def test_receipt_stamp_heading_across_a_blank_line(ocr_bundle):
    (receipt,) = ocr_bundle[1].receipts
    assert (receipt.organisation, receipt.number, receipt.date.iso, receipt.time) == (
        "จังหวัดขอนแก่น", "8421", "2024-09-23", "10.45",
    )
    assert ocr_bundle[1].date.iso == "2024-09-19"  # not the stamp's date


def test_specks_around_fields_are_not_part_of_them(ocr_bundle):
    first = ocr_bundle[0]
    assert first.sender.organisation == "ศาลากลางจังหวัดขอนแก่น"
    assert first.signatory.name == "นางรัชนี ทองสุข"
    assert first.contact.phone == "0 4324 6618"
    (item,) = first.attachments
    assert (item.quantity, item.unit) == (1, "ชุด")


def test_a_citation_whose_date_is_unreadable_keeps_its_number(ocr_bundle):
    (ref,) = ocr_bundle[0].references
    assert (ref.letter_number.normalised, ref.date, ref.issuer) == ("กษ 1003/ว 3015", None, "กรมส่งเสริมการเกษตร")
    assert any("could not be read" in w for w in ocr_bundle[0].warnings)


def test_memo_heading_without_its_marks(ocr_bundle):
    memo = ocr_bundle[2]
    assert memo.sender.organisation == "กรมควบคุมโรค"
    assert memo.letter_number.normalised == "สธ 0410.3/824"
    assert memo.date.iso == "2024-08-20"


MEMO_HEAD = """บันทึกข้อความ
ส่วนราชการ กรมควบคุมโรค กองโรคติดต่อทั่วไป โทร. ๐ ๒๕๙๐ ๓๑๗๗
ท ส5ธ ๐๔๑๐.๓/๘๒๔\tวันที่ ๒๗ สิงหาคม ๒๕๖๗
เรื่อง ขออนุมัติจัดประชุม
เรียน อธิบดีกรมควบคุมโรค
ตามหนังสือ ท สธ ๐๕๒๒/ว ๓๕๑ ลงวันที่ ๘ กรกฎาคม ๒๕๖๗ ได้กำหนด
"""


def test_a_head_number_read_through_ocr_damage_is_taken_and_warned():
    """Bold ที่ สธ read by Tesseract as "ท ส5ธ": the head's number line is
    still the number's (a damaged line in the body is not)."""
    (record,) = records_from_text(MEMO_HEAD)
    assert record.letter_number.normalised == "สธ 0410.3/824"
    assert record.letter_number.raw == "ท ส5ธ ๐๔๑๐.๓/๘๒๔"
    assert "letter_number: read through OCR damage from 'ท ส5ธ ๐๔๑๐.๓/๘๒๔'" in record.warnings
    assert record.date.iso == "2024-08-27"
    # without the damaged head line, the body's damaged citation is no letter number
    (record,) = records_from_text(MEMO_HEAD.replace("ท ส5ธ ๐๔๑๐.๓/๘๒๔\t", ""))
    assert record.letter_number is None


def test_a_head_number_whose_thi_lost_its_tho_thahan_is_taken_and_warned():
    """TH Garuda's ที่ on an office scan, read "ี่" (its ท lost)."""
    (record,) = records_from_text(MEMO_HEAD.replace("ท ส5ธ", "ี่ สธ"))
    assert record.letter_number.normalised == "สธ 0410.3/824"
    assert "letter_number: read through OCR damage from 'ี่ สธ ๐๔๑๐.๓/๘๒๔'" in record.warnings


def test_a_clean_head_number_wins_over_a_damaged_line():
    text = MEMO_HEAD.replace("บันทึกข้อความ\n", "บันทึกข้อความ\nท กข ๐๑๐๐/๑\n").replace("ท ส5ธ", "ที่ สธ")
    (record,) = records_from_text(text)
    assert record.letter_number.normalised == "สธ 0410.3/824"
    assert not any(w.startswith("letter_number: read through") for w in record.warnings)


@pytest.mark.parametrize("printed", [
    "ที่ สธ ๐๗๘๖/ๆ ๓๓๓๒", "ที่ สธ ๐๗๘๖//ว ๓๓๓๒", "ที่ สธ ๐๗๘๖/ว ๓๓๓๒",
    # specks OCR reads around the ว, and a lost "/" before it
    "ที่ สธ ๐๗๘๖ว ๓๓๓๒", "ที่ สธ ๐๗๘๖/่ว ๓๓๓๒", "ที่ สธ ๐๗๘๖/ว์ ๓๓๓๒", "ที่ สธ ๐๗๘๖/ว ๆ๓๓๓๒",
    "ที่ สธ ๐๗๘๖/ว- ๓๓๓๒", "ที่'สธ ๐๗๘๖/ว ๓๓๓๒", "ที่.สธ ๐๗๘๖/ว ๓๓๓๒",
])
def test_letter_number_read_through_a_doubled_slash_or_mai_yamok_for_wo_waen(printed):
    m = LETTER_NUMBER.search(to_arabic_digits(printed))
    number = parse_letter_number(m, printed[: letter_number_end(m)])
    assert (number.normalised, number.circular, number.sequence) == ("สธ 0786/ว 3332", True, "3332")


@pytest.mark.parametrize("printed", ["ที่ สธ ๐๗๘๖ วันที่ ๕", "ที่ มท ๐๒๐๗/ว่า ๕"])
def test_words_after_a_letter_number_are_no_circular_mark(printed):
    m = LETTER_NUMBER.search(to_arabic_digits(printed))
    assert m is None or not m.group("circ")


def test_a_letter_date_read_from_a_damaged_month_name_is_warned():
    """A month read by its nearness to one name is a guess a clerk should see;
    a name or abbreviation of the table is no guess."""
    (record,) = records_from_text(MEMO_HEAD.replace("๒๗ สิงหาคม", "๒๗ สิงหาคร|"))
    assert record.date.iso == "2024-08-27"
    month = record.date.raw.split()[1].rstrip("|")  # as the record keeps it (tone marks put back)
    assert month.endswith("หาคร")
    assert f"date: month read from the damaged name '{month}' as 2024-08-27" in record.warnings
    (record,) = records_from_text(MEMO_HEAD.replace("๒๗ สิงหาคม", "๒๗ ส.ค."))
    assert record.date.iso == "2024-08-27"
    assert not [w for w in record.warnings if w.startswith("date:")]


@pytest.mark.parametrize("a,b,distance", [
    ("", "", 0), ("สิงหาคม", "สิงหาคม", 0), ("สิงหาคร", "สิงหาคม", 1), ("", "abc", 3),
    ("กุงเภาพันธ", "กุมภาพันธ", 2), ("abc", "cab", 2), ("๒๕๖๙", "๒๕๓๖๙", 1),
])
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance == edit_distance(b, a)
